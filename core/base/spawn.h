/* Starting a program: fork/execvp with an argv, never a shell string. The
 * one process helper of relcap: the git credential helper, the ssh host-key
 * lookup and every run backend (ssh, scp, sbatch, squeue, nvidia-smi) go
 * through it. */
#ifndef RELCAP_SPAWN_H
#define RELCAP_SPAWN_H

#include <stdbool.h>
#include <stddef.h>

/* A NULL-terminated, growable argv; the strings are owned. */
typedef struct {
    char **v;
    size_t n, cap;
} rc_spawn_argv;

void rc_spawn_argv_add(rc_spawn_argv *a, const char *s);
void rc_spawn_argv_addf(rc_spawn_argv *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rc_spawn_argv_free(rc_spawn_argv *a);

typedef struct {
    const char *input; /* stdin data; NULL or inlen 0: stdin is closed at once */
    size_t inlen;
    const char *const *env; /* KEY=VALUE additions to the environment, NULL-terminated */
    int timeout_s;          /* the child is killed after this (status 124); 0: 60 s */
} rc_spawn_opts;

typedef struct {
    int status; /* exit status, 128+signal, 127 when the program is missing, 124 timed out */
    char *out, *err;
    size_t out_len;
} rc_spawn_result;

/* Runs argv[0] (PATH search) capturing stdout and stderr. opts may be NULL.
 * An error only when the process could not be started (pipe, fork). */
int rc_spawn_run(rc_spawn_result *out, const char *const *argv, const rc_spawn_opts *opts);
void rc_spawn_result_free(rc_spawn_result *r);

/* Short one-line summary of a command's stderr/stdout, for reasons. */
char *rc_spawn_summary(const rc_spawn_result *r);

#endif
