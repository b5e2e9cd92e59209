/*
 * server.c — `adm-kioskctl server check --config FILE`: the technician's
 * connectivity check from the command line, the same one the technician
 * screen runs. DNS, TCP, TLS and the API are reported separately with their
 * timings, so "the network is down", "the certificate is wrong" and "the
 * server is broken" are told apart.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "sys/config-file.h"
#include "ctl/ctl.h"
#include "net/client.h"

static void diag(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "%s\n", line);
}

static void stage(const char *name, const kio_check_stage_t *st)
{
	if (!st->reached)
		printf("%-4s -\n", name);
	else
		printf("%-4s %-12s %8.1f ms\n", name, st->result ? kio_err_name(st->result) : "ok",
		       st->us / 1000.0);
}

int ctl_server_main(int argc, char **argv)
{
	static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
	                                     {NULL, 0, NULL, 0}};
	const char *config = NULL;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":c:", opts, NULL)) != -1) {
		if (opt != 'c')
			return ctl_bad_option("server", opt, argv);
		config = optarg;
	}
	if (!config || argc - optind != 1 || strcmp(argv[optind], "check")) {
		fprintf(stderr, "usage: adm-kioskctl server check --config FILE\n");
		return 2;
	}
	kio_config_t cfg;
	kio_config_defaults(&cfg);
	if (kio_config_load(&cfg, config, diag, NULL))
		return 1;
	kio_client_t *c = NULL;
	kio_err_t err = kio_client_new(&cfg, &c);
	if (err) {
		printf("server %s: %s\n", cfg.server_url, kio_err_name(err));
		return 1;
	}
	kio_check_report_t r;
	memset(&r, 0, sizeof r);
	err = kio_client_check(c, &r);
	kio_client_free(c);
	printf("server %s\n", cfg.server_url);
	stage("DNS", &r.dns);
	stage("TCP", &r.tcp);
	stage("TLS", &r.tls);
	stage("API", &r.api);
	if (r.http_status)
		printf("HTTP %d\n", r.http_status);
	printf("result: %s%s%s\n", err ? kio_err_name(err) : "ok", r.detail[0] ? " — " : "",
	       r.detail);
	return err ? 1 : 0;
}
