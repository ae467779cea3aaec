/* The one option parser of the commands, after git's parse-options: a
 * command lists its options in a table (cmd_opt, ended by OPT_END) and says
 * how many positional arguments it takes (cmd_args); cmd_parse_opts fills
 * the variables the table points to and reports every misuse through
 * cmd_usage_error (exit status 2) in the words the command chose. */
#ifndef RELCAP_CLI_OPTS_H
#define RELCAP_CLI_OPTS_H

#include <stdbool.h>

typedef struct rc_cmd rc_cmd;

typedef enum {
    CMD_OPT_END = 0,
    CMD_OPT_BOOL,     /* --name: *(bool *)value = set */
    CMD_OPT_STRING,   /* --name V or --name=V: *(const char **)value = V */
    CMD_OPT_INT,      /* --name N or --name=N, lo <= N <= hi: *(long *)value = N */
    CMD_OPT_CALLBACK, /* --name V or --name=V: fn(self, opt, V) checks and stores V */
    CMD_OPT_FLAG_FN,  /* --name: fn(self, opt, NULL), for flags that interact */
} cmd_opt_type;

typedef struct cmd_opt cmd_opt;
/* 0, or a usage error's exit status (cmd_usage_error). */
typedef int (*cmd_opt_fn)(const rc_cmd *self, const cmd_opt *opt, const char *arg);

struct cmd_opt {
    cmd_opt_type type;
    const char *name;  /* "--json" */
    const char *alias; /* a short spelling ("-q"), or NULL */
    void *value;
    long lo, hi; /* CMD_OPT_INT: the range; CMD_OPT_BOOL: lo is the value set */
    cmd_opt_fn fn;
};

#define OPT_BOOL(name, ptr)                                                                        \
    {                                                                                              \
        CMD_OPT_BOOL, name, NULL, ptr, 1, 0, NULL                                                  \
    }
#define OPT_BOOL_ALIAS(name, alias, ptr)                                                           \
    {                                                                                              \
        CMD_OPT_BOOL, name, alias, ptr, 1, 0, NULL                                                 \
    }
/* --no-ui, --markdown: the flag turns the variable off */
#define OPT_FALSE(name, ptr)                                                                       \
    {                                                                                              \
        CMD_OPT_BOOL, name, NULL, ptr, 0, 0, NULL                                                  \
    }
#define OPT_STRING(name, ptr)                                                                      \
    {                                                                                              \
        CMD_OPT_STRING, name, NULL, ptr, 0, 0, NULL                                                \
    }
#define OPT_INT(name, ptr, lo, hi)                                                                 \
    {                                                                                              \
        CMD_OPT_INT, name, NULL, ptr, lo, hi, NULL                                                 \
    }
#define OPT_CALLBACK(name, ptr, fn)                                                                \
    {                                                                                              \
        CMD_OPT_CALLBACK, name, NULL, ptr, 0, 0, fn                                                \
    }
#define OPT_FLAG_FN(name, ptr, fn)                                                                 \
    {                                                                                              \
        CMD_OPT_FLAG_FN, name, NULL, ptr, 0, 0, fn                                                 \
    }
#define OPT_END                                                                                    \
    {                                                                                              \
        CMD_OPT_END, NULL, NULL, NULL, 0, 0, NULL                                                  \
    }

/* What is an option: an argument starting with '-', except as flags say. */
enum {
    CMD_ARGS_DASH = 1 << 0,     /* a lone "-" is a positional argument (stdin, a file) */
    CMD_ARGS_NUMBER = 1 << 1,   /* "-5" is a positional argument */
    CMD_ARGS_DASHDASH = 1 << 2, /* "--" ends the options */
    CMD_ARGS_LAST_FREE = 1 << 3 /* the last slot takes "-x" too (a label "-wip") */
};

typedef struct {
    const cmd_opt *opts;
    const char **pos; /* the positional arguments, in order (NULL when max is 0) */
    int *npos;        /* how many there were (may be NULL) */
    int min, max;     /* how many may come; max < 0: any number (pos holds argc) */
    unsigned flags;   /* CMD_ARGS_* */
    /* printf formats of the usage errors, given the argument at fault:
     * unknown option (default "unknown option '%s'"), one positional too many
     * (default "unexpected argument '%s'"), an option's missing value
     * (default: the unknown message, "incomplete"); fewer than min
     * positionals: missing, printed as is. */
    const char *unknown, *extra, *no_value, *missing;
} cmd_args;

/* The plain case: the options, then min to max positional arguments into
 * pos (the rest NULL); an unknown option, a positional one too many or an
 * option without its value is an "unexpected argument", fewer than min
 * prints missing. */
int cmd_parse_args(const rc_cmd *self, int argc, char **argv, const cmd_opt *opts, const char **pos,
                   int min, int max, const char *missing);

/* Options only: anything else, or an option without its value, is bad (a
 * format given the argument). */
int cmd_parse_only(const rc_cmd *self, int argc, char **argv, const cmd_opt *opts, const char *bad);

/* Parses argv[1..argc) by the table (argv[0]: the command or action): 0, or the exit status of the
 * usage error it printed (2). --help is not seen here: the dispatcher
 * answered it before the command ran (rc_cmd_call). */
int cmd_parse_opts(const rc_cmd *self, int argc, char **argv, const cmd_args *spec);

#endif
