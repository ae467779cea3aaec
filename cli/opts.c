/* The commands' option parser (cli/opts.h). */
#include "cli/opts.h"
#include "cli/cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool is_option(const char *a, const cmd_args *spec)
{
    if (a[0] != '-')
        return false;
    if (!a[1])
        return !(spec->flags & CMD_ARGS_DASH);
    return !((spec->flags & CMD_ARGS_NUMBER) && a[1] >= '0' && a[1] <= '9');
}

/* The option a names, with *inline_value set for --name=V; NULL when none. */
static const cmd_opt *find(const cmd_opt *opts, const char *a, const char **inline_value)
{
    *inline_value = NULL;
    for (const cmd_opt *o = opts; o && o->type != CMD_OPT_END; o++) {
        if (strcmp(a, o->name) == 0 || (o->alias && strcmp(a, o->alias) == 0))
            return o;
        size_t n = strlen(o->name);
        bool takes_value = o->type != CMD_OPT_BOOL && o->type != CMD_OPT_FLAG_FN;
        if (takes_value && strncmp(a, o->name, n) == 0 && a[n] == '=') {
            *inline_value = a + n + 1;
            return o;
        }
    }
    return NULL;
}

static int set_int(const rc_cmd *self, const cmd_opt *o, const char *v)
{
    char *end = NULL;
    errno = 0;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || end == v || *end || errno || n < o->lo || n > o->hi)
        return cmd_usage_error(self, "%s wants a number from %ld to %ld", o->name, o->lo, o->hi);
    *(long *)o->value = n;
    return 0;
}

/* Stores what option o says; *i moves past a separate value. */
static int take(const rc_cmd *self, const cmd_opt *o, const char *inline_value, int argc,
                char **argv, int *i, const cmd_args *spec)
{
    const char *name = argv[*i], *v = inline_value;
    switch (o->type) {
    case CMD_OPT_BOOL:
        *(bool *)o->value = o->lo != 0;
        return 0;
    case CMD_OPT_FLAG_FN:
        return o->fn(self, o, NULL);
    default:
        break;
    }
    if (!v && *i + 1 < argc)
        v = argv[++*i];
    if (!v && o->type == CMD_OPT_INT)
        return set_int(self, o, NULL); /* "wants a number from ..." says what is missing */
    if (!v)
        return cmd_usage_error(self, spec->no_value ? spec->no_value : spec->unknown, name);
    if (o->type == CMD_OPT_STRING) {
        *(const char **)o->value = v;
        return 0;
    }
    return o->type == CMD_OPT_INT ? set_int(self, o, v) : o->fn(self, o, v);
}

int cmd_parse_opts(const rc_cmd *self, int argc, char **argv, const cmd_args *given)
{
    cmd_args spec = *given;
    if (!spec.unknown)
        spec.unknown = "unknown option '%s'";
    if (!spec.extra)
        spec.extra = "unexpected argument '%s'";
    int npos = 0, st = 0;
    bool opts = true;
    for (int i = 1; i < argc && !st; i++) {
        const char *a = argv[i], *inline_value;
        bool last_free = (spec.flags & CMD_ARGS_LAST_FREE) && npos == spec.max - 1;
        if (opts && (spec.flags & CMD_ARGS_DASHDASH) && strcmp(a, "--") == 0) {
            opts = false;
        } else if (opts && is_option(a, &spec)) {
            const cmd_opt *o = find(spec.opts, a, &inline_value);
            if (o)
                st = take(self, o, inline_value, argc, argv, &i, &spec);
            else if (last_free)
                spec.pos[npos++] = a;
            else
                st = cmd_usage_error(self, spec.unknown, a);
        } else if (spec.max < 0 || npos < spec.max) {
            spec.pos[npos++] = a;
        } else {
            st = cmd_usage_error(self, spec.extra, a);
        }
    }
    if (spec.npos)
        *spec.npos = npos;
    if (!st && npos < spec.min)
        st = cmd_usage_error(self, "%s", spec.missing ? spec.missing : "missing argument");
    return st;
}

int cmd_parse_args(const rc_cmd *self, int argc, char **argv, const cmd_opt *opts, const char **pos,
                   int min, int max, const char *missing)
{
    for (int i = 0; i < max; i++)
        pos[i] = NULL;
    return cmd_parse_opts(self, argc, argv,
                          &(cmd_args){.opts = opts,
                                      .pos = pos,
                                      .min = min,
                                      .max = max,
                                      .unknown = "unexpected argument '%s'",
                                      .missing = missing});
}

int cmd_parse_only(const rc_cmd *self, int argc, char **argv, const cmd_opt *opts, const char *bad)
{
    return cmd_parse_opts(self, argc, argv,
                          &(cmd_args){.opts = opts, .unknown = bad, .extra = bad});
}
