/*
 * sm.h — the kiosk's state machine: screens, transitions, session data.
 *
 * A plain module with no SDL, network, CUPS or SQLite. Everything that
 * happens arrives as a kio_sm_event_t (an intent from the UI, a timer tick, a
 * worker's result); kio_sm_handle() updates the state and returns the effects
 * the caller must carry out (start a request, start a print, wipe worker-side
 * session data, ...). The UI draws from the public fields of kio_sm_t and
 * never writes them: the struct is the view model.
 *
 * Time is passed in, never read here (now_ms, monotonic), so every timeout is
 * testable. Text shown to people is referred to by strings keys
 * ("error.printer", "nik.length"), resolved by the UI from assets/strings.
 */
#ifndef KIO_SM_H
#define KIO_SM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"

typedef enum kio_screen {
	KIO_SCREEN_IDLE,
	KIO_SCREEN_LOGIN, /* two steps: NIK, then password (login.step) */
	KIO_SCREEN_LOADING,
	KIO_SCREEN_LIST,
	KIO_SCREEN_CONFIRM,
	KIO_SCREEN_PRINTING,
	KIO_SCREEN_DONE,
	KIO_SCREEN_ERROR,
	KIO_SCREEN_TECHNICIAN, /* PIN entry first (tech.page == KIO_TECH_PIN) */
	KIO_SCREEN_OFFICER,    /* PIN entry first (officer.unlocked false) */
	KIO_SCREEN_PHONE,      /* login with a phone: QR + code, polled (sm-phone.c) */
	KIO_SCREEN_SCAN,       /* a scanned document's status, or why a scan was refused */
	KIO_SCREEN_MISSING,    /* "Dokumen saya tidak ada": the FAQ's reasons */
	KIO_SCREEN__COUNT
} kio_screen_t;

/* Stable lower-case screen name ("idle", "list", ...) for scripts and events. */
const char *kio_screen_name(kio_screen_t s);

typedef enum kio_login_step { KIO_LOGIN_NIK, KIO_LOGIN_PASSWORD } kio_login_step_t;

typedef enum kio_print_step {
	KIO_PSTEP_RESERVING,
	KIO_PSTEP_DOWNLOADING,
	KIO_PSTEP_VERIFYING,
	KIO_PSTEP_SUBMITTING,
	KIO_PSTEP_PRINTING,
	KIO_PSTEP_SETTLING,
	KIO_PSTEP__COUNT
} kio_print_step_t;

typedef enum kio_tech_page {
	KIO_TECH_PIN,
	KIO_TECH_MENU,
	KIO_TECH_PRINTER,
	KIO_TECH_MEDIA,
	KIO_TECH_SERVER,
	KIO_TECH_KIOSK,
	KIO_TECH_ABOUT,
	KIO_TECH__COUNT
} kio_tech_page_t;

enum { KIO_TECH_CHOICES_MAX = 16, KIO_TECH_CHOICE_MAX = 48 };

typedef enum kio_phone_state {
	KIO_PHONE_REQUESTING, /* waiting for the server's code */
	KIO_PHONE_WAITING,    /* code on screen, polling until confirmed or expired */
	KIO_PHONE_FAILED,     /* phone.message_key says why; "Kode baru" starts over */
} kio_phone_state_t;

/* Values a technician page offers as buttons (the printer page's queues,
 * the media page's media types), gathered by a worker from the printer.
 * Tapping one is the technician action ACTION ("queue", "media_type") with
 * that value: a KIO_FX_SET_CONFIG, validated and saved like any other. */
typedef struct kio_tech_choices {
	kio_tech_page_t page; /* the page they belong to */
	char action[16];      /* "queue", "media_type"; "" none */
	char current[KIO_TECH_CHOICE_MAX];
	int n;
	char value[KIO_TECH_CHOICES_MAX][KIO_TECH_CHOICE_MAX];
} kio_tech_choices_t;

/* One line a worker reports to a staff screen, as a fact: a strings key
 * and the values of its {name} placeholders. The screen words it in the
 * current language, so switching language rewords what is already shown.
 * A value starting with '@' is itself a strings key ("@printer.state.idle",
 * "@word.yes"); a key the strings lack shows its last dotted part (an IPP
 * keyword the kiosk has no words for). {uptime} values are seconds, shown
 * as "3 hari 4 jam". */
enum { KIO_FACT_ARGS = 3, KIO_FACTS_MAX = 24, KIO_FACT_VALUE_MAX = 72 };
typedef struct kio_fact {
	char key[48];
	int n;
	char name[KIO_FACT_ARGS][12];
	char value[KIO_FACT_ARGS][KIO_FACT_VALUE_MAX];
} kio_fact_t;
typedef struct kio_facts {
	int n;
	kio_fact_t line[KIO_FACTS_MAX];
} kio_facts_t;

/* The officer dashboard's facts, gathered by a worker from the print log;
 * the screen words them. */
typedef enum kio_log_filter {
	KIO_LOG_TODAY,
	KIO_LOG_WEEK,     /* the last 7 days */
	KIO_LOG_FAILURES, /* failures of the last 7 days */
	KIO_LOG__COUNT
} kio_log_filter_t;

enum { KIO_OFFICER_DAYS = 14, KIO_OFFICER_CAUSES = 8, KIO_OFFICER_LINES = 48 };

typedef struct kio_officer_line {
	char day[11]; /* "2026-11-24" */
	char hm[6];   /* "09.40" */
	char type[32];
	char kind[KIO_KIND_MAX];
	char reason[48];
	char nik[KIO_NIK_BUF]; /* masked as logged */
	int pages;
} kio_officer_line_t;

typedef struct kio_officer_view {
	bool ok; /* the log could be read */
	char today[11];
	int64_t docs, pages, citizens, failures, credits_back;
	int ncauses;
	struct {
		char reason[48];
		int64_t n;
	} cause[KIO_OFFICER_CAUSES];
	int64_t sheets_left;            /* -1: not counted */
	int64_t daily_cap;              /* 0: none */
	int64_t prints_left;            /* with a cap: prints left today */
	char last_upload[KIO_TIME_MAX]; /* "" none yet */
	int64_t pending;                /* events waiting for upload */
	int chain;                      /* 1 verified, 0 broken, -1 unreadable */
	int64_t head_seq;
	char head_hash[KIO_SHA256_HEX];
	char day[KIO_OFFICER_DAYS][11]; /* oldest first, the last is today */
	int64_t day_pages[KIO_OFFICER_DAYS];
	kio_log_filter_t filter;
	int nlines;   /* newest first */
	int64_t more; /* matching rows not shown */
	kio_officer_line_t line[KIO_OFFICER_LINES];
} kio_officer_view_t;

/* Intents: what a person asked for (UI widgets map to these). */
typedef enum kio_intent {
	KIO_IN_START, /* idle: "Mulai" */
	KIO_IN_CHAR,  /* arg.ch: a key of the on-screen keypad/keyboard */
	KIO_IN_BACKSPACE,
	KIO_IN_CLEAR,
	KIO_IN_NEXT,        /* NIK step → password step (NIK rules checked) */
	KIO_IN_TOGGLE_SHOW, /* show/hide the password */
	KIO_IN_LOGIN,       /* submit NIK + password */
	KIO_IN_BACK,        /* one step back; from the list: logout */
	KIO_IN_SCROLL,      /* arg.n: pixels (drag or buttons), + down */
	KIO_IN_PAGE_NEXT,   /* server page */
	KIO_IN_PAGE_PREV,
	KIO_IN_SELECT_DOC, /* arg.text: document id → confirm */
	KIO_IN_PRINT,      /* confirm: "Cetak" */
	KIO_IN_CANCEL,     /* printing: cancel where still safe */
	KIO_IN_PRINT_ANOTHER,
	KIO_IN_FINISH, /* done → logout */
	KIO_IN_LOGOUT,
	KIO_IN_DISMISS,    /* error screen: OK */
	KIO_IN_STAY,       /* inactivity warning: "Lanjutkan" */
	KIO_IN_LANGUAGE,   /* toggle id/en */
	KIO_IN_TECH_ENTRY, /* hidden long press / service key combo */
	KIO_IN_OFFICER_ENTRY,
	KIO_IN_PIN_SUBMIT,
	KIO_IN_TECH_PAGE,   /* arg.n: kio_tech_page_t */
	KIO_IN_TECH_ACTION, /* arg.text: action name, arg2: value */
	KIO_IN_EXIT,        /* leave technician/officer mode */
	KIO_IN_LARGE_TEXT,  /* citizen screens: toggle large text ("Aa") */
	KIO_IN_CONTRAST,    /* citizen screens: toggle the high-contrast palette */
	KIO_IN_VOICE,       /* citizen screens: toggle spoken guidance */
	KIO_IN_PHONE,       /* login: "Masuk dengan HP"; phone screen: a new code */
	KIO_IN_MISSING,     /* list: "Dokumen saya tidak ada" */
	KIO_IN__COUNT
} kio_intent_t;

/* Stable intent names ("start", "char", ...) for the event log of a run. */
KIO_TEST_API const char *kio_intent_name(kio_intent_t in);

typedef enum kio_event_kind {
	KIO_EV_INTENT,
	KIO_EV_TICK,             /* a timer tick; only now_ms matters */
	KIO_EV_LOGIN_DONE,       /* err + api code/message/retry_after, citizen */
	KIO_EV_LIST_DONE,        /* err, page (owned by the caller, copied) */
	KIO_EV_PRINT_PROGRESS,   /* step, percent, pages_done, pages_total */
	KIO_EV_PRINT_DONE,       /* err, reason key, credit_kept */
	KIO_EV_PRINTER_STATUS,   /* ok, condition name */
	KIO_EV_SERVER_STATUS,    /* ok */
	KIO_EV_PIN_DONE,         /* ok (PIN verified off the UI thread) */
	KIO_EV_TECH_DONE,        /* action result text for the technician */
	KIO_EV_STORE_STATUS,     /* ok: the log can be written (disk not full) */
	KIO_EV_CONFIG_CHANGED,   /* inactivity/language values took effect */
	KIO_EV_LOCK_RESTORED,    /* lock: a PIN lock and failure count persisted earlier */
	KIO_EV_OFFICER_VIEW,     /* officer.view: the dashboard's facts (copied) */
	KIO_EV_PAPER_STATUS,     /* paper: sheets left, low, printing blocked */
	KIO_EV_CODE_DONE,        /* phone: a login code (or why none), sm-phone.c */
	KIO_EV_CODE_POLL_DONE,   /* phone: poll/claim answer: pending, or login as LOGIN_DONE */
	KIO_EV_SCAN,             /* scan: the scanner read something (classified) */
	KIO_EV_VERIFY_DONE,      /* verify: a scanned document's status */
	KIO_EV_PREVIEW_PROGRESS, /* seq; progress.step DOWNLOADING/VERIFYING, percent */
	KIO_EV_PREVIEW_DONE,     /* seq, err; print.reason/api_code/message; print.image */
} kio_event_kind_t;

/* What a scan is (core/scan.h classifies the scanner's text). */
typedef enum kio_scan_kind {
	KIO_SCAN_VERIFY,  /* a document's QR: value = document id */
	KIO_SCAN_LOGIN,   /* a login code from a phone: value = the six digits */
	KIO_SCAN_REFUSED, /* anything else: value = strings key of the reason */
} kio_scan_kind_t;

typedef struct kio_sm_event {
	kio_event_kind_t kind;
	uint64_t now_ms; /* monotonic; set for every event */
	int64_t wall_s;  /* wall clock (epoch s) for persisted locks; 0 unknown */
	int err;         /* kio_err_t of results (0 = ok) */
	int seq;         /* PREVIEW_*: the preview they answer (kio_sm_t preview.seq) */
	union {
		struct {
			kio_intent_t intent;
			char ch;
			int n;
			char text[KIO_DOC_ID_MAX];
			char value[KIO_MESSAGE_MAX];
		} in;
		struct {
			char api_code[48];             /* "invalid_credentials" */
			char message[KIO_MESSAGE_MAX]; /* server's text (unknown codes) */
			int retry_after_s;
			kio_citizen_t citizen;
		} login;
		struct {
			const kio_app_page_t *page; /* copied by the SM */
			char api_code[48];
			char message[KIO_MESSAGE_MAX];
		} list;
		struct {
			kio_print_step_t step;
			int percent;    /* download percent, -1 unknown */
			int pages_done; /* -1 unknown */
			int pages_total;
		} progress;
		struct {
			char reason[48];  /* strings key suffix: "paper_out", "doc_hash" */
			bool credit_kept; /* true: the citizen's credit was not used */
			char api_code[48];
			char message[KIO_MESSAGE_MAX];
			bool image; /* PREVIEW_DONE: the first page is on the UI */
			int pages;  /* PREVIEW_DONE: pages in the PDF (0 unknown) */
		} print;
		struct {
			bool ok;
			char condition[24]; /* "ready", "paper_out", "offline", ... */
		} status;
		struct {
			bool ok;
			bool officer;
		} pin;
		struct {
			const kio_facts_t *facts;   /* owned by the caller, copied; NULL none */
			kio_tech_choices_t choices; /* action "" leaves them as they are */
		} tech;
		struct {
			const kio_officer_view_t *view; /* owned by the caller, copied */
		} officer;
		struct {
			int64_t sheets_left; /* -1: not counted */
			bool low;            /* under printer.low_sheets */
			bool blocked;        /* none left: no print until a refill */
		} paper;
		struct {
			int inactivity_s;
			int warning_s;
			char language[8];
			int voice_default; /* 1 on, 0 off, -1 unchanged */
		} config;
		struct {
			int64_t until_s;
			int failures; /* wrong PINs in a row, not yet locked */
		} lock;
		struct {
			char code[8]; /* CODE_DONE */
			char url[256];
			int expires_in;
			int poll_s;
			bool pending; /* POLL_DONE: 202, expires_in (-1 unknown) */
			bool claim;   /* POLL_DONE of a claimed (scanned) code */
			char api_code[48];
			char message[KIO_MESSAGE_MAX];
			int retry_after_s;
			kio_citizen_t citizen; /* POLL_DONE ok and not pending */
		} phone;
		struct {
			kio_scan_kind_t kind;
			char value[KIO_DOC_ID_MAX];
		} scan;
		struct {
			kio_doc_status_t status;
			char kind[KIO_KIND_MAX];
			char issued_at[KIO_TIME_MAX];
			char api_code[48];
		} verify;
	} u;
} kio_sm_event_t;

typedef enum kio_effect_kind {
	KIO_FX_LOGIN,        /* nik, password: start the login request */
	KIO_FX_LIST,         /* page */
	KIO_FX_LOGOUT,       /* tell the server; cancel requests in flight */
	KIO_FX_WIPE,         /* wipe worker-side session data (token, PDFs) */
	KIO_FX_PRINT,        /* doc + application: start a print transaction */
	KIO_FX_CANCEL_PRINT, /* cancel the transaction if still safe */
	KIO_FX_VERIFY_PIN,   /* pin, officer: check off the UI thread */
	KIO_FX_TECH,         /* tech_cmd (+ tech_page): a technician/officer command */
	KIO_FX_SET_CONFIG,   /* config_key = value: validate, apply, save, log */
	KIO_FX_PERSIST_LOCK, /* locked_until_s, pin_failures: keep both across restarts */
	KIO_FX_LOG,          /* event type + reason for the print log */
	KIO_FX_SCREEN,       /* the screen changed (for --events, redraw) */
	KIO_FX_CODE_NEW,     /* ask the server for a login code */
	KIO_FX_CODE_POLL,    /* value: the code; poll once */
	KIO_FX_CODE_CLAIM,   /* value: a scanned code; claim it */
	KIO_FX_VERIFY_DOC,   /* value: a scanned document id; ask its status */
	/* doc + application, page = preview seq: download and verify the
	 * document (no reservation) and render its first page */
	KIO_FX_PREVIEW,
	KIO_FX_PREVIEW_DROP, /* the preview is not wanted: stop it, wipe its bytes */
} kio_effect_kind_t;

/* What a technician or officer screen asks a worker to do (KIO_FX_TECH).
 * The worker answers with KIO_EV_TECH_DONE. */
typedef enum kio_tech_cmd {
	KIO_TECH_CMD_PAGE,           /* gather the facts for tech_page */
	KIO_TECH_CMD_TEST_PAGE,      /* print the test page and track it */
	KIO_TECH_CMD_PRINTER_RESUME, /* resume the queue after a refill or a jam */
	KIO_TECH_CMD_SERVER_CHECK,   /* DNS, TCP, TLS and API, each timed */
	KIO_TECH_CMD_OFFICER_REPORT, /* the dashboard's facts (officer_filter) */
	KIO_TECH_CMD_PRINT_REPORT,   /* print today's daily report */
	KIO_TECH_CMD_PAPER_LOADED,   /* value: sheets now in the printer */
	KIO_TECH_CMD_PAPER_COUNT,    /* value "on"/"off": count sheets or not */
	KIO_TECH_CMD__COUNT
} kio_tech_cmd_t;

/* Stable command names ("page", "test_page", ...) for the --events log. */
const char *kio_tech_cmd_name(kio_tech_cmd_t cmd);

typedef struct kio_effect {
	kio_effect_kind_t kind;
	int page;
	bool officer;
	char nik[KIO_NIK_BUF];
	char password[KIO_PASSWORD_MAX]; /* wiped by the caller after use */
	kio_tech_cmd_t tech_cmd;         /* KIO_FX_TECH */
	kio_tech_page_t tech_page;       /* KIO_TECH_CMD_PAGE */
	kio_log_filter_t officer_filter; /* KIO_TECH_CMD_OFFICER_REPORT */
	char config_key[48];             /* KIO_FX_SET_CONFIG: "section.key" */
	int64_t locked_until_s;          /* KIO_FX_PERSIST_LOCK: wall-clock epoch */
	int pin_failures;                /* KIO_FX_PERSIST_LOCK: wrong PINs in a row */
	char value[KIO_MESSAGE_MAX];     /* log reason; SET_CONFIG value */
	char log_type[32];               /* "session.login", "technician.login", ... */
	kio_document_t doc;
	char app_code[KIO_CODE_MAX];
	kio_screen_t screen;
} kio_effect_t;

enum { KIO_FX_MAX = 8, KIO_PIN_BUF = 13, KIO_LOCAL_FAIL_SLOTS = 16 };

typedef struct kio_effects {
	int n;
	kio_effect_t fx[KIO_FX_MAX];
} kio_effects_t;

/* The state; the UI reads it as its view model. */
typedef struct kio_sm {
	kio_screen_t screen;
	kio_screen_t prev_screen; /* where ERROR's "dismiss" returns */
	uint64_t now_ms;
	char language[8]; /* "id" | "en" */

	/* Availability shown on the idle screen. */
	bool printer_ok;
	char printer_condition[24];
	bool server_ok;
	bool store_ok; /* false: disk full/read-only → no new prints */
	struct {
		int64_t sheets_left; /* -1: not counted */
		bool low;            /* staff are warned on the idle screen */
		bool blocked;        /* none left and counted: no new prints */
	} paper;

	/* Inactivity (citizen, technician and officer screens). */
	int inactivity_ms;
	int warning_ms;
	uint64_t last_activity_ms;
	bool warning; /* the countdown overlay is up */
	int warning_left_s;

	struct {
		kio_login_step_t step;
		char nik[KIO_NIK_BUF + 8]; /* digits typed so far */
		int nik_len;
		char password[KIO_PASSWORD_MAX];
		int password_len;
		bool show_password;
		char message_key[48]; /* "nik.length", "api.invalid_credentials" */
		char server_message[KIO_MESSAGE_MAX];
		int wait_s; /* too_many_attempts: how long to wait */
	} login;

	char loading_key[48]; /* what we are waiting for: "loading.login" */
	uint64_t loading_since_ms;

	bool in_session;
	kio_citizen_t citizen;
	kio_app_page_t *page; /* current listing page (heap, wiped) */
	int page_no;
	int scroll_px;
	/* Large text: how far a screen other than the list is scrolled (the
	 * missing-document help, phone login, scanned document); from the top
	 * on every screen change, and the list keeps its own. */
	int view_scroll_px;

	kio_document_t selected;
	char selected_app[KIO_CODE_MAX];
	char selected_service[KIO_SERVICE_MAX];

	struct {
		kio_print_step_t step;
		int percent;
		int pages_done;
		int pages_total;
		bool can_cancel;
		bool cancel_requested;
	} printing;

	struct {
		char key[48]; /* "error.printer.paper_out" etc. */
		char server_message[KIO_MESSAGE_MAX];
		bool credit_kept;  /* say "your print credit was not used" */
		bool logout_after; /* dismiss ends the session */
	} error;

	struct {
		kio_tech_page_t page;
		char pin[KIO_PIN_BUF];
		int pin_len;
		bool verifying;
		int failures;           /* consecutive wrong PINs */
		int64_t locked_until_s; /* wall-clock epoch; KIO_FX_PERSIST_LOCK */
		int64_t wall_now_s;     /* wall clock for the lock, from ticks */
		char message_key[48];
		kio_facts_t report; /* last action result */
		kio_tech_choices_t choices;
		char entry[8]; /* sheets typed on the media page's number pad */
		int entry_len;
	} tech;

	struct {
		bool unlocked;
		char pin[KIO_PIN_BUF];
		int pin_len;
		bool verifying;
		char message_key[48];
		kio_fact_t result; /* the last action's result (report printed) */
		kio_officer_view_t view;
		kio_log_filter_t filter;
		int scroll; /* first log line shown */
	} officer;

	/* Accessibility the citizen chose (citizen screens only): session state,
	 * back to the defaults when the session ends (logout, timeout). */
	struct {
		bool large_text;    /* >= 1.4x text and touch targets */
		bool contrast;      /* the high-contrast (WCAG AAA) palette */
		bool voice;         /* spoken guidance */
		bool voice_default; /* config: voice on for every new session */
	} access;
	/* Login with a phone (sm-phone.c). */
	struct {
		kio_phone_state_t state;
		char code[8];
		char url[256];
		uint64_t expires_ms;   /* monotonic; the countdown ends here */
		uint64_t next_poll_ms; /* no poll before this (poll_s after the last answer) */
		int poll_ms;
		bool polling; /* a poll is in flight */
		int left_s;   /* countdown shown */
		char message_key[48];
		char server_message[KIO_MESSAGE_MAX];
		bool unsupported; /* the server has no login codes (v1): button hidden */
		bool claiming;    /* a scanned code is being claimed (loading screen) */
	} phone;

	/* The last scan (sm-phone.c): a document's status, or why it was refused. */
	struct {
		bool loading;
		bool answered; /* status/kind/issued_at hold the server's answer */
		char id[KIO_DOC_ID_MAX];
		kio_doc_status_t status;
		char kind[KIO_KIND_MAX];
		char issued_at[KIO_TIME_MAX];
		char message_key[48]; /* refused scan or failed request */
	} scan;

	/* The confirm screen's preview: the document is downloaded and
	 * verified before "Cetak" may reserve anything (sm-preview.c). */
	struct {
		int seq;               /* bumped per document chosen; stale answers are dropped */
		bool ready;            /* verified: "Cetak" prints these bytes */
		bool image;            /* the first page is drawn (the UI holds it) */
		kio_print_step_t step; /* DOWNLOADING, VERIFYING while not ready */
		int percent;           /* download percent, -1 unknown */
		int pages;             /* pages in the PDF, once rendered */
	} preview;

	/* Local login throttle: failures per NIK (hashed), so a kiosk never lets
	 * one person hammer the server even when the server forgets. */
	struct {
		uint64_t nik_hash;
		int failures;
		uint64_t first_ms;
	} local_fail[KIO_LOCAL_FAIL_SLOTS];
} kio_sm_t;

/* Allocates a state machine on the idle screen. NULL on allocation failure. */
kio_sm_t *kio_sm_new(int inactivity_s, int warning_s, const char *language);
/* Wipes session data and frees; NULL-safe. */
void kio_sm_free(kio_sm_t *sm);

/* Applies one event; appends the effects to FX (cleared first). */
void kio_sm_handle(kio_sm_t *sm, const kio_sm_event_t *ev, kio_effects_t *fx);

/* Convenience constructors. */
KIO_TEST_API kio_sm_event_t kio_sm_intent(kio_intent_t in, uint64_t now_ms);
kio_sm_event_t kio_sm_tick(uint64_t now_ms);

/* Milliseconds until the SM needs a tick (inactivity, countdown, lock);
 * -1 when nothing is pending. Lets the main loop sleep instead of polling. */
int kio_sm_next_deadline_ms(const kio_sm_t *sm);

/* The document by id on the current page, or NULL. */
const kio_document_t *kio_sm_find_doc(const kio_sm_t *sm, const char *id, int *app_index);

/* Local throttle policy: after this many failures within the window the
 * kiosk refuses further attempts for that NIK until the window passes. */
enum { KIO_LOCAL_FAIL_MAX = 5, KIO_LOCAL_FAIL_WINDOW_S = 600 };

/* Technician lock policy. */
enum { KIO_TECH_MAX_FAILURES = 3, KIO_TECH_LOCK_S = 300 };

#endif
