/*
 * ctl.h — subcommands of adm-kioskctl, the technicians' and officers' tool.
 *
 * Each takes the arguments after its own name (argv[0] is the subcommand)
 * and returns the process exit status: 0 success, 1 the check failed or the
 * operation failed, 2 usage error. Only main() exits.
 */
#ifndef KIO_CTL_H
#define KIO_CTL_H

int ctl_nik_main(int argc, char **argv);     /* nik check NIK */
int ctl_config_main(int argc, char **argv);  /* config check FILE */
int ctl_pin_main(int argc, char **argv);     /* set-pin [--officer] --config F */
int ctl_printer_main(int argc, char **argv); /* printer list|status|setup|test-page */
int ctl_log_main(int argc, char **argv);     /* log show|export|verify|stats */
int ctl_server_main(int argc, char **argv);  /* server check --config F */

#endif
