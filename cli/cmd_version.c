/* relcap version parse|sort|next: the PEP 440 module for scripts. */
#include "cli/cmd.h"
#include "cli/out.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"

#include <stdlib.h>
#include <string.h>

#define PARSE_USAGE                                                                                \
    "usage: relcap version parse [--json] VERSION...\n"                                            \
    "  Print each VERSION in its normalized PEP 440 form, one per line.\n"                         \
    "  --json  one JSON array of {input, normalized, epoch, release, pre, post,\n"                 \
    "          dev, local, kind, release_str}\n"                                                   \
    "  Invalid versions are reported on stderr; the exit status is then 1.\n"
#define SORT_USAGE                                                                                 \
    "usage: relcap version sort [--reverse] [--json] < LINES\n"                                    \
    "  Read one version per line from stdin and print the lines unchanged in\n"                    \
    "  PEP 440 order (stable for equal versions). Blank lines are ignored;\n"                      \
    "  invalid lines are reported on stderr with their number (exit status 1)\n"                   \
    "  and the valid ones are still printed.\n"                                                    \
    "  -r, --reverse  newest first\n"                                                              \
    "  --json         one JSON array of {line, input, normalized}\n"
#define NEXT_USAGE                                                                                 \
    "usage: relcap version next VERSION (--rc | --patch | --minor | --post)\n"                     \
    "  Print the next version after VERSION:\n"                                                    \
    "  --rc     next release candidate: 0.9.2rc1 -> 0.9.2rc2, 0.9.3a1 -> 0.9.3rc1,\n"              \
    "           0.9.2 -> 0.9.3rc1\n"                                                               \
    "  --patch  next patch release: 0.9.2 -> 0.9.3, 0.9.2rc1 -> 0.9.2\n"                           \
    "  --minor  next minor release: 0.9.2 -> 0.10.0, 0.10.0rc1 -> 0.10.0\n"                        \
    "  --post   next post release: 0.9.2 -> 0.9.2.post1, 0.9.2.post1 -> 0.9.2.post2\n"

const char cmd_version_usage[] =
    "usage: relcap version parse [--json] VERSION...\n"
    "       relcap version sort [--reverse] [--json] < LINES\n"
    "       relcap version next VERSION (--rc | --patch | --minor | --post)\n"
    "\n"
    "PEP 440 versions for scripts. Every PEP 440 spelling is accepted (leading\n"
    "'v', epochs, alpha/beta/c/pre/preview, -N and revN posts, local parts), and\n"
    "SemVer-style RC tags (v1.2.3-rc.1, v1.2.3-rc1) read as 1.2.3rc1.\n"
    "\n" PARSE_USAGE "\n" SORT_USAGE "\n" NEXT_USAGE;

static cJSON *num_or_null(bool has, unsigned long x)
{
    return has ? cJSON_CreateNumber((double)x) : cJSON_CreateNull();
}

static cJSON *version_json(const char *input, const rc_version *v)
{
    char buf[RC_VERSION_STRLEN];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "input", input);
    rc_version_format(buf, sizeof buf, v);
    cJSON_AddStringToObject(o, "normalized", buf);
    cJSON_AddNumberToObject(o, "epoch", (double)v->epoch);
    cJSON *rel = cJSON_AddArrayToObject(o, "release");
    for (size_t i = 0; i < v->nrelease; i++)
        cJSON_AddItemToArray(rel, cJSON_CreateNumber((double)v->release[i]));
    if (v->pre) {
        snprintf(buf, sizeof buf, "%s%lu",
                 v->pre == 'c'   ? "rc"
                 : v->pre == 'a' ? "a"
                                 : "b",
                 v->pre_num);
        cJSON_AddStringToObject(o, "pre", buf);
    } else
        cJSON_AddNullToObject(o, "pre");
    cJSON_AddItemToObject(o, "post", num_or_null(v->has_post, v->post));
    cJSON_AddItemToObject(o, "dev", num_or_null(v->has_dev, v->dev));
    if (v->local[0])
        cJSON_AddStringToObject(o, "local", v->local);
    else
        cJSON_AddNullToObject(o, "local");
    cJSON_AddStringToObject(o, "kind", rc_version_kind_name(rc_version_kind_of(v)));
    rc_version_release(buf, sizeof buf, v);
    cJSON_AddStringToObject(o, "release_str", buf);
    return o;
}

static int version_parse(rc_ctx *ctx, const rc_cmd *cmd, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help(PARSE_USAGE, argc, argv))
        return 0;
    bool json = false;
    const char **versions = rc_xcalloc((size_t)argc, sizeof *versions);
    int n = 0;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_END};
    int status = cmd_parse_opts(cmd, argc, argv,
                                &(cmd_args){.opts = opts,
                                            .pos = versions,
                                            .npos = &n,
                                            .min = 1,
                                            .max = -1,
                                            .flags = CMD_ARGS_DASH | CMD_ARGS_DASHDASH,
                                            .unknown = "parse: unknown option '%s'",
                                            .missing = "parse: no VERSION given"});
    if (status) {
        free(versions);
        return status;
    }
    cJSON *doc = json ? cJSON_CreateArray() : NULL;
    for (int i = 0; i < n; i++) {
        rc_version v;
        if (rc_version_parse(&v, versions[i]) < 0) {
            status = cmd_fail();
            continue;
        }
        if (json) {
            cJSON_AddItemToArray(doc, version_json(versions[i], &v));
        } else {
            char buf[RC_VERSION_STRLEN];
            rc_version_format(buf, sizeof buf, &v);
            puts(buf);
        }
    }
    if (json)
        cmd_print_json(doc);
    free(versions);
    return status;
}

typedef struct {
    rc_version v;
    char *line;
    size_t lineno;
} sort_item;

static int sort_cmp(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    int c = rc_version_cmp(&a->v, &b->v);
    if (c)
        return c;
    return a->lineno < b->lineno ? -1 : a->lineno > b->lineno; /* stable */
}

/* Newest first; equal versions keep their input order. */
static int sort_cmp_rev(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    int c = rc_version_cmp(&b->v, &a->v);
    if (c)
        return c;
    return a->lineno < b->lineno ? -1 : a->lineno > b->lineno;
}

static int version_sort(rc_ctx *ctx, const rc_cmd *cmd, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help(SORT_USAGE, argc, argv))
        return 0;
    bool json = false, reverse = false;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_BOOL_ALIAS("--reverse", "-r", &reverse),
                            OPT_END};
    const char *bad = "sort: unexpected argument '%s' (versions come on stdin)";
    int st = cmd_parse_only(cmd, argc, argv, opts, bad);
    if (st)
        return st;

    sort_item *items = NULL;
    size_t n = 0, cap = 0, lineno = 0;
    int status = 0;
    char *line = NULL;
    size_t linecap = 0;
    ssize_t len;
    while ((len = getline(&line, &linecap, stdin)) >= 0) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[strspn(line, " \t\r\v\f")] == '\0')
            continue; /* blank */
        rc_version v;
        if ((size_t)len != strlen(line) || rc_version_parse(&v, line) < 0) {
            char *safe = rc_sanitize(line, false);
            if (strlen(safe) > 200)
                strcpy(safe + 197, "...");
            fprintf(stderr, "relcap: line %zu: invalid version '%s'\n", lineno, safe);
            free(safe);
            status = 1;
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            items = rc_xrealloc(items, cap * sizeof *items);
        }
        items[n].v = v;
        items[n].line = rc_xstrndup(line, (size_t)len);
        items[n].lineno = lineno;
        n++;
    }
    free(line);
    if (ferror(stdin)) {
        fprintf(stderr, "relcap: reading stdin failed\n");
        status = 1;
    }

    qsort(items, n, sizeof *items, reverse ? sort_cmp_rev : sort_cmp);
    cJSON *doc = json ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (json) {
            char buf[RC_VERSION_STRLEN];
            rc_version_format(buf, sizeof buf, &items[i].v);
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "line", (double)items[i].lineno);
            cJSON_AddStringToObject(o, "input", items[i].line);
            cJSON_AddStringToObject(o, "normalized", buf);
            cJSON_AddItemToArray(doc, o);
        } else
            puts(items[i].line);
    }
    if (json)
        cmd_print_json(doc);
    for (size_t i = 0; i < n; i++)
        free(items[i].line);
    free(items);
    return status;
}

/* The step of version next: the flag that chose it, and what it does. */
typedef struct {
    const char *which;
    void (*fn)(rc_version *, const rc_version *);
} next_step;

/* --rc, --patch, --minor, --post: one step (the same flag again is no
 * conflict). */
static int set_step(const rc_cmd *cmd, const cmd_opt *opt, const char *arg)
{
    (void)arg;
    static const next_step steps[] = {
        {"--rc", rc_version_next_rc},
        {"--patch", rc_version_next_patch},
        {"--minor", rc_version_next_minor},
        {"--post", rc_version_next_post},
    };
    next_step *step = opt->value;
    if (step->which && strcmp(step->which, opt->name) != 0)
        return cmd_usage_error(cmd, "next: %s and %s exclude each other", step->which, opt->name);
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++)
        if (strcmp(opt->name, steps[s].which) == 0)
            *step = steps[s];
    return 0;
}

static int version_next(rc_ctx *ctx, const rc_cmd *cmd, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help(NEXT_USAGE, argc, argv))
        return 0;
    const char *arg = NULL;
    next_step step = {NULL, NULL};
    const cmd_opt opts[] = {
        OPT_FLAG_FN("--rc", &step, set_step), OPT_FLAG_FN("--patch", &step, set_step),
        OPT_FLAG_FN("--minor", &step, set_step), OPT_FLAG_FN("--post", &step, set_step), OPT_END};
    int st = cmd_parse_opts(cmd, argc, argv,
                            &(cmd_args){.opts = opts,
                                        .pos = &arg,
                                        .min = 1,
                                        .max = 1,
                                        .flags = CMD_ARGS_DASH | CMD_ARGS_DASHDASH,
                                        .unknown = "next: unknown option '%s'",
                                        .extra = "next: more than one VERSION given",
                                        .missing = "next: no VERSION given"});
    if (st)
        return st;
    if (!step.fn)
        return cmd_usage_error(cmd, "next: say which: --rc, --patch, --minor or --post");
    rc_version v, next;
    if (rc_version_parse(&v, arg) < 0)
        return cmd_fail();
    step.fn(&next, &v);
    char buf[RC_VERSION_STRLEN];
    rc_version_format(buf, sizeof buf, &next);
    puts(buf);
    return 0;
}

int cmd_version(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    static const cmd_action actions[] = {
        {"parse", version_parse}, {"sort", version_sort}, {"next", version_next}, {NULL, NULL}};
    return cmd_dispatch(ctx, self, argc, argv, actions, "missing subcommand: parse, sort or next");
}
