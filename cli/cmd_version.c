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

static bool is_help(const char *a)
{
    return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

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

static int version_parse(const rc_cmd *cmd, int argc, char **argv)
{
    bool json = false, opts = true;
    int nargs = 0;
    for (int i = 1; i < argc; i++) {
        if (opts && is_help(argv[i])) {
            fputs(PARSE_USAGE, stdout);
            return 0;
        }
        if (opts && strcmp(argv[i], "--") == 0)
            opts = false;
        else if (opts && strcmp(argv[i], "--json") == 0)
            json = true;
        else if (opts && argv[i][0] == '-' && argv[i][1])
            return cmd_usage_error(cmd, "parse: unknown option '%s'", argv[i]);
        else
            nargs++;
    }
    if (nargs == 0)
        return cmd_usage_error(cmd, "parse: no VERSION given");

    int status = 0;
    cJSON *doc = json ? cJSON_CreateArray() : NULL;
    opts = true;
    for (int i = 1; i < argc; i++) {
        if (opts && strcmp(argv[i], "--") == 0) {
            opts = false;
            continue;
        }
        if (opts && strcmp(argv[i], "--json") == 0)
            continue;
        rc_version v;
        if (rc_version_parse(&v, argv[i]) < 0) {
            status = cmd_fail();
            continue;
        }
        if (json) {
            cJSON_AddItemToArray(doc, version_json(argv[i], &v));
        } else {
            char buf[RC_VERSION_STRLEN];
            rc_version_format(buf, sizeof buf, &v);
            puts(buf);
        }
    }
    if (json)
        cmd_print_json(doc);
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

static int version_sort(const rc_cmd *cmd, int argc, char **argv)
{
    bool json = false, reverse = false;
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(SORT_USAGE, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "--reverse") == 0)
            reverse = true;
        else
            return cmd_usage_error(cmd, "sort: unexpected argument '%s' (versions come on stdin)",
                                   argv[i]);
    }

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

static int version_next(const rc_cmd *cmd, int argc, char **argv)
{
    void (*fn)(rc_version *, const rc_version *) = NULL;
    const char *which = NULL, *arg = NULL;
    static const struct {
        const char *flag;
        void (*fn)(rc_version *, const rc_version *);
    } steps[] = {
        {"--rc", rc_version_next_rc},
        {"--patch", rc_version_next_patch},
        {"--minor", rc_version_next_minor},
        {"--post", rc_version_next_post},
    };
    bool opts = true;
    for (int i = 1; i < argc; i++) {
        if (opts && is_help(argv[i])) {
            fputs(NEXT_USAGE, stdout);
            return 0;
        }
        if (opts && strcmp(argv[i], "--") == 0) {
            opts = false;
            continue;
        }
        bool matched = false;
        for (size_t s = 0; opts && s < sizeof steps / sizeof steps[0]; s++) {
            if (strcmp(argv[i], steps[s].flag) == 0) {
                if (fn && fn != steps[s].fn)
                    return cmd_usage_error(cmd, "next: %s and %s exclude each other", which,
                                           argv[i]);
                fn = steps[s].fn;
                which = steps[s].flag;
                matched = true;
            }
        }
        if (matched)
            continue;
        if (opts && argv[i][0] == '-' && argv[i][1])
            return cmd_usage_error(cmd, "next: unknown option '%s'", argv[i]);
        if (arg)
            return cmd_usage_error(cmd, "next: more than one VERSION given");
        arg = argv[i];
    }
    if (!arg)
        return cmd_usage_error(cmd, "next: no VERSION given");
    if (!fn)
        return cmd_usage_error(cmd, "next: say which: --rc, --patch, --minor or --post");
    rc_version v, next;
    if (rc_version_parse(&v, arg) < 0)
        return cmd_fail();
    fn(&next, &v);
    char buf[RC_VERSION_STRLEN];
    rc_version_format(buf, sizeof buf, &next);
    puts(buf);
    return 0;
}

int cmd_version(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    const rc_cmd *cmd = rc_cmd_find("version");
    if (argc < 2)
        return cmd_usage_error(cmd, "missing subcommand: parse, sort or next");
    const char *sub = argv[1];
    if (strcmp(sub, "parse") == 0)
        return version_parse(cmd, argc - 1, argv + 1);
    if (strcmp(sub, "sort") == 0)
        return version_sort(cmd, argc - 1, argv + 1);
    if (strcmp(sub, "next") == 0)
        return version_next(cmd, argc - 1, argv + 1);
    if (cmd_wants_help("version", argc, argv))
        return 0;
    static const char *const subs[] = {"parse", "sort", "next", NULL};
    return out_unknown_word("version", sub, subs);
}
