# adm-kiosk — build, test, run and install the ADM kiosk.
#
#   make            build build/adm-kiosk, build/adm-kioskctl, build/adm-central-sim
#   make test       unit, integration and scenario tests (one list: TESTS below)
#   make run        demo: simulator + virtual printer + kiosk window (SCRIPT=S: headless)
#   make check      static checks (cppcheck, clang-format, banned functions,
#                   API only tests call, file and function sizes)
#   make valgrind   the C tests under valgrind memcheck
#   make bench      one benchmark table; PROFILE=lowend: a quarter core, 256 MB
#   make fuzz FUZZ_SECONDS=N;  make soak SESSIONS=N
#   make fleet KIOSKS=200 OUTAGE_S=60   service-only kiosks through a server
#                   outage, with and without backoff (minutes; not in make test)
#   make install    PREFIX=/usr/local DESTDIR=
#   make deb        build/adm-kiosk_VERSION_ARCH.deb (always a plain build)
#   make SANITIZE=address,undefined test   the same tests under sanitizers
#   make RELEASE=1  a build whose scripts refuse the test hooks (exec, expect-wiped)

BUILD ?= build
PREFIX ?= /usr/local
DESTDIR ?=
VERSION := 1.0.0

# ---- sanitizers: only known names, never silently ignored -------------------
comma := ,
space := $(empty) $(empty)
KNOWN_SANITIZERS := address undefined thread leak
ifdef SANITIZE
SAN_LIST := $(subst $(comma), ,$(SANITIZE))
SAN_BAD := $(filter-out $(KNOWN_SANITIZERS),$(SAN_LIST))
ifneq ($(SAN_BAD),)
$(error unknown sanitizer '$(SAN_BAD)' in SANITIZE; known: $(KNOWN_SANITIZERS))
endif
OUT := $(BUILD)/san-$(subst $(space),-,$(sort $(SAN_LIST)))
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
OUT := $(BUILD)
SAN_FLAGS :=
endif

# ---- libraries: pkg-config for all, cups-config for CUPS ---------------------
# Evaluated once, lazily, so that `deps` can install them first.
PKGS := sdl2 SDL2_ttf libqrencode libcurl openssl jansson sqlite3 poppler-glib \
        libsodium cairo libmicrohttpd gnutls zlib libsystemd fontconfig espeak-ng x11
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS)) $(shell cups-config --cflags))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $(shell pkg-config --libs $(PKGS)) $(shell cups-config --libs))$(PKG_LIBS)
TEST_LIBS = $(eval TEST_LIBS := $(shell pkg-config --libs cmocka))$(TEST_LIBS)

# A release build compiles the automation script's test hooks out, in a
# build directory of its own.
ifdef RELEASE
OUT := $(OUT)/release
RELEASE_FLAGS := -DKIO_RELEASE
endif

CC ?= cc
OPT ?= -O2
CFLAGS ?= $(OPT) -g
# snprintf into a fixed buffer is how we copy bounded strings on purpose, so
# gcc's guesses about possible truncation are not errors here.
WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wno-unused-parameter -Wno-format-truncation
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DKIO_VERSION='"$(VERSION)"' \
             -DKIO_ASSETS_DIR='"$(PREFIX)/share/adm-kiosk/assets"' $(WARN) $(CFLAGS) \
             $(SAN_FLAGS) $(RELEASE_FLAGS) -MMD -MP -I. -Iapp -Idrivers $(PKG_CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) -Wl,--as-needed $(LDFLAGS) -pthread

# ---- sources -----------------------------------------------------------------
# Every .c in a module folder goes into one static library; each program links
# only the objects it needs from it.
LIB_DIRS := app/core app/sys app/net app/store app/print app/ui app/kiosk drivers/printer drivers/watchdog drivers/scanner
LIB_SRC := $(sort $(wildcard $(addsuffix /*.c,$(LIB_DIRS))))
LIB_OBJ := $(LIB_SRC:%.c=$(OUT)/obj/%.o)
CTL_SRC := $(sort $(wildcard app/ctl/*.c))
SIM_SRC := $(sort $(wildcard tests/sim/*.c))
LIB := $(OUT)/libkiosk.a

PROGS := $(OUT)/adm-kiosk $(OUT)/adm-kioskctl $(OUT)/adm-central-sim

# ---- the one test list ---------------------------------------------------------
# Each name is tests/*/NAME.c (built against cmocka) or tests/*/NAME.sh.
# A name with neither file, or a binary that fails to build, fails `make test`.
TESTS := \
	test_sanitizer \
	test_sm \
	test_sm_phone \
	test_install \
	test_save_owner \
	test_spool_private \
	test_field \
	test_fullscreen_x11 \
	test_scenario_print \
	test_scenario_login \
	test_scenario_phone \
	test_scenario_scan \
	test_scenario_documents \
	test_scenario_session \
	test_scenario_access \
	test_fault_matrix_net \
	test_crash_recovery \
	test_recovery_live_print \
	test_txn_holes \
	test_txnsim \
	test_txn_holes_live \
	test_disk_full \
	test_disk_full_at_start \
	test_events_offline \
	test_printer_faults \
	test_officer_dashboard \
	test_printer_cupsd \
	test_scenario_technician \
	test_pin_failures_persist \
	test_ctl_server \
	test_security_wipe \
	test_log_anchor \
	test_mtls \
	test_watchdog \
	test_kiosk_cli \
	test_fuzz_regress \
	test_nik \
	test_backoff \
	test_sched \
	test_fleet_short \
	test_config \
	test_pin \
	test_ctl_foundation \
	test_printer_fake \
	test_printer_rig \
	test_api \
	test_net \
	test_strings \
	test_facts \
	test_ui \
	test_speech \
	test_store \
	test_ctl_log

TEST_C := $(foreach t,$(TESTS),$(wildcard tests/*/$(t).c))
TEST_BIN := $(patsubst %.c,$(OUT)/%,$(TEST_C))
# The fleet run's helpers (tests/fleet): the print-log filler and the plot.
FLEET_TOOLS := $(OUT)/tests/fleet/fill $(OUT)/tests/fleet/plot

DEPS_STAMP := $(BUILD)/.deps-ok

.PHONY: all test run check bench fuzz soak install clean deps valgrind deb fleet
.DEFAULT_GOAL := all

all: $(PROGS)

deps: $(DEPS_STAMP)
# make and make test need the build and test lists; the .deb needs only the
# run-time list (kiosk-config/packages-runtime), which apt installs with it.
$(DEPS_STAMP): kiosk-config/packages-build kiosk-config/packages-test kiosk-config/deps.sh
	@sh kiosk-config/deps.sh packages-build packages-test
	@mkdir -p $(@D) && touch $@

$(OUT)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The kiosk links none of libcurl, libcups, poppler-glib (with GLib),
# espeak-ng and cairo: app/lazylibs.c loads each on first use (its header says why).
LAZY_LIBS := -lcurl -lcups -lpoppler-glib -lgobject-2.0 -lglib-2.0 -lespeak-ng -lcairo
$(OUT)/adm-kiosk: $(OUT)/obj/app/main.o $(OUT)/obj/app/lazylibs.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(filter-out $(LAZY_LIBS),$(PKG_LIBS)) -ldl -lm

$(OUT)/adm-kioskctl: $(CTL_SRC:%.c=$(OUT)/obj/%.o) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(OUT)/adm-central-sim: $(SIM_SRC:%.c=$(OUT)/obj/%.o) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(OUT)/tests/%: tests/%.c $(LIB) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  TEST    $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(ALL_LDFLAGS) $(PKG_LIBS) $(TEST_LIBS) -lm

# ---- the print transaction's deterministic simulation (tests/txnsim) ----------
# The fake clock replaces time(), clock_gettime() and nanosleep() in the
# kiosk's own objects only (--wrap), never in libc or SQLite.
TXNSIM_SRC := tests/txnsim/txnsim.c tests/txnsim/world.c
SEEDS ?= 1000
SEED ?= 1
$(OUT)/txnsim: $(TXNSIM_SRC:%.c=$(OUT)/obj/%.o) $(LIB)
	$(CC) $(ALL_LDFLAGS) -Wl,--wrap=time,--wrap=clock_gettime,--wrap=nanosleep -o $@ $^ \
		$(PKG_LIBS) -lm

.PHONY: txnsim
txnsim: $(OUT)/txnsim
	@$(OUT)/txnsim --seeds $(SEEDS) --seed $(SEED)

test: $(PROGS) $(TEST_BIN) $(OUT)/txnsim $(FLEET_TOOLS)
	@KIO_BUILD=$(OUT) KIO_SANITIZE=$(SANITIZE) sh tests/run-tests.sh $(TESTS)

valgrind: $(PROGS) $(TEST_BIN) $(OUT)/txnsim
	@KIO_BUILD=$(OUT) sh tests/valgrind.sh $(TESTS)

run: $(PROGS)
	@KIO_BUILD=$(OUT) SCRIPT=$(SCRIPT) FULLSCREEN=$(FULLSCREEN) bash tests/run-demo.sh

check: | $(DEPS_STAMP)
	@sh tests/check.sh

# ---- bench programs: every tests/bench/bench_*.c, run by tests/bench/run.sh
BENCH_SRC := $(wildcard tests/bench/bench_*.c)
BENCH_BIN := $(patsubst tests/bench/%.c,$(OUT)/bench/%,$(BENCH_SRC))

$(OUT)/bench/%: tests/bench/%.c $(LIB) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  BENCH   $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(ALL_LDFLAGS) $(PKG_LIBS) -lm

PROFILE ?=
bench: $(PROGS) $(BENCH_BIN)
	@KIO_BUILD=$(OUT) KIO_ROOT=$(CURDIR) KIO_BENCH_PROFILE=$(PROFILE) sh tests/bench/run.sh

FUZZ_SECONDS ?= 30
fuzz: | $(DEPS_STAMP)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

# ---- the fleet run (tests/fleet/run.sh): KIOSKS service-only kiosks and one
# simulator through an outage of OUTAGE_S, jitter on and off side by side.
# test_fleet_short (in TESTS) is a 10-kiosk version of it.
KIOSKS ?= 200
OUTAGE_S ?= 60
fleet: $(PROGS) $(FLEET_TOOLS)
	@KIO_BUILD=$(OUT) KIOSKS=$(KIOSKS) OUTAGE_S=$(OUTAGE_S) bash tests/fleet/run.sh

SESSIONS ?= 100
soak: $(PROGS)
	@KIO_BUILD=$(OUT) SESSIONS=$(SESSIONS) sh tests/soak/run.sh

SYSCONFDIR ?= /etc
UNITDIR ?= /lib/systemd/system
SYSUSERSDIR ?= /usr/lib/sysusers.d
# INSTALL_CONF=no: leave /etc alone (the .deb's postinst creates the config).
INSTALL_CONF ?= yes
install: $(PROGS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/adm-kiosk/assets \
		$(DESTDIR)$(PREFIX)/share/adm-kiosk/kiosk-config $(DESTDIR)$(UNITDIR)
	install -m 755 $(OUT)/adm-kiosk $(OUT)/adm-kioskctl $(DESTDIR)$(PREFIX)/bin/
	cp -R assets/. $(DESTDIR)$(PREFIX)/share/adm-kiosk/assets/
	install -m 644 README.md $(DESTDIR)$(PREFIX)/share/adm-kiosk/
	install -m 644 kiosk-config/kiosk.conf.example $(DESTDIR)$(PREFIX)/share/adm-kiosk/kiosk-config/
	install -m 755 kiosk-config/printer-setup.sh $(DESTDIR)$(PREFIX)/share/adm-kiosk/kiosk-config/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		kiosk-config/adm-kiosk.service.in > $(DESTDIR)$(UNITDIR)/adm-kiosk.service
	chmod 644 $(DESTDIR)$(UNITDIR)/adm-kiosk.service
	install -d $(DESTDIR)$(SYSUSERSDIR)
	install -m 644 kiosk-config/adm-kiosk.sysusers $(DESTDIR)$(SYSUSERSDIR)/adm-kiosk.conf
ifeq ($(INSTALL_CONF),yes)
	install -d $(DESTDIR)$(SYSCONFDIR)/adm-kiosk
	test -e $(DESTDIR)$(SYSCONFDIR)/adm-kiosk/kiosk.conf || \
		install -m 600 kiosk-config/kiosk.conf.example $(DESTDIR)$(SYSCONFDIR)/adm-kiosk/kiosk.conf
endif

# ---- the Debian package ------------------------------------------------------
# Always a plain build (whatever SANITIZE says) with PREFIX=/usr and Debian's
# hardening flags, in its own tree, so `make SANITIZE=... test` installs the
# same package as the plain run.
DEB_BUILD := $(BUILD)/deb-build
DEB_FLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get
deb: | $(DEPS_STAMP)
	@$(MAKE) --no-print-directory SANITIZE= BUILD=$(DEB_BUILD) PREFIX=/usr \
		DEPS_STAMP=$(DEPS_STAMP) CFLAGS="$$($(DEB_FLAGS) CFLAGS) $$($(DEB_FLAGS) CPPFLAGS)" \
		LDFLAGS="$$($(DEB_FLAGS) LDFLAGS)" all
	@rm -rf $(BUILD)/deb
	@$(MAKE) --no-print-directory -s SANITIZE= BUILD=$(DEB_BUILD) PREFIX=/usr \
		DEPS_STAMP=$(DEPS_STAMP) INSTALL_CONF=no DESTDIR=$(abspath $(BUILD)/deb/debian/adm-kiosk) install >/dev/null
	@sh kiosk-config/deb/build-deb.sh $(BUILD)/deb/debian/adm-kiosk $(VERSION) $(BUILD)

clean:
	rm -rf $(BUILD)

-include $(shell find $(OUT) -name '*.d' -type f 2>/dev/null)
