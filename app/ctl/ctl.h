/*
 * ctl.h — subcommands of adm-kioskctl, the technicians' and officers' tool.
 *
 * Each takes the arguments after its own name (argv[0] is the subcommand)
 * and returns the process exit status: 0 success, 1 the check failed or the
 * operation failed, 2 usage error. Only main() exits.
 */
#ifndef KIO_CTL_H
#define KIO_CTL_H

#include "store/store.h"

/* Every subcommand reads its options with getopt_long over its whole argv
 * (optstring starting with ':' and optind = 0 to restart); positional
 * arguments, the action word first, are then argv[optind..argc).
 * ctl_bad_option() reports a '?' or ':' answer and returns 2. */
int ctl_bad_option(const char *cmd, int c, char **argv);

int ctl_nik_main(int argc, char **argv);     /* nik check NIK */
int ctl_config_main(int argc, char **argv);  /* config check FILE */
int ctl_pin_main(int argc, char **argv);     /* set-pin [--officer] --config F */
int ctl_printer_main(int argc, char **argv); /* printer list|status|setup|test-page */
int ctl_paper_main(int argc, char **argv);   /* printer paper [--set N] */
int ctl_log_main(int argc, char **argv);     /* log show|export|verify|stats|report */
/* log-report.c: the daily report of DAY into OUT (a PDF); exit status. */
int ctl_log_report(kio_store_t *s, const char *day, const char *out, const char *kiosk_id,
                   const char *lang);
int ctl_server_main(int argc, char **argv); /* server check --config F */

#endif
