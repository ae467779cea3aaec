/* GitHub JSON answers through the whole GitHub sync: a tiny loopback HTTP
 * server (one thread, one connection at a time) answers every request from
 * the fuzz input, which holds up to four bodies separated by 0x01: pull
 * request lists, issue search, issue comments, and single objects (a PR,
 * check runs, a combined status). The first byte picks the HTTP status.
 * rc_ghsync_run then parses, matches and writes them into a real database. */
#include "core/base/config.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/github/ghsync.h"
#include "core/base/util.h"

#include <arpa/inet.h>
#include <git2.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *parts[4];
static size_t part_len[4];
static int status = 200;
static int port;
static rc_db *db;
static rc_config *cfg;

static int part_for(const char *path)
{
    if (strstr(path, "/search/issues"))
        return 1;
    if (strstr(path, "/comments"))
        return 2;
    if (strstr(path, "/pulls?"))
        return 0;
    return 3;
}

static void *serve(void *arg)
{
    int ls = *(int *)arg;
    for (;;) {
        int c = accept(ls, NULL, NULL);
        if (c < 0)
            continue;
        char req[8192];
        size_t n = 0;
        while (n < sizeof req - 1) {
            ssize_t k = read(c, req + n, sizeof req - 1 - n);
            if (k <= 0)
                break;
            n += (size_t)k;
            req[n] = '\0';
            if (strstr(req, "\r\n\r\n"))
                break;
        }
        req[n] = '\0';
        char path[4096] = "";
        sscanf(req, "%*s %4095s", path);
        pthread_mutex_lock(&lock);
        int p = part_for(path);
        char head[256];
        int hl = snprintf(head, sizeof head,
                          "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                          status, part_len[p]);
        ssize_t w = write(c, head, (size_t)hl);
        if (w >= 0 && part_len[p])
            w = write(c, parts[p], part_len[p]);
        (void)w;
        pthread_mutex_unlock(&lock);
        close(c);
    }
    return NULL;
}

static void no_sleep(void *ud, double s) {}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    git_libgit2_init();
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 16) ||
        getsockname(ls, (struct sockaddr *)&a, &al))
        abort();
    port = ntohs(a.sin_port);
    static int lsfd;
    lsfd = ls;
    pthread_t t;
    pthread_create(&t, NULL, serve, &lsfd);
    pthread_detach(t);

    char dir[] = "/tmp/relcap-fuzz-gh-XXXXXX";
    if (!mkdtemp(dir))
        abort();
    char *p = rc_xasprintf("%s/cache.db", dir);
    if (rc_db_open(&db, p) ||
        rc_db_exec(db, "INSERT INTO branches(name, version, status, head_sha, cut_sha, cut_date)"
                       " VALUES ('releases/v0.9.2', '0.9.2', 'maintained',"
                       " '1111111111111111111111111111111111111111',"
                       " '3333333333333333333333333333333333333333', 1600000000);"
                       "INSERT INTO tags(name, version, release, sortkey, kind, sha) VALUES"
                       " ('v0.9.2rc1', '0.9.2rc1', '0.9.2', 'k1', 'rc',"
                       " '2222222222222222222222222222222222222222')"))
        abort();
    free(p);
    char *api = rc_xasprintf("relcap.githubApi=http://127.0.0.1:%d", port);
    const char *ov[] = {api, "relcap.github=OWNER/REPO", "relcap.githubRetries=0",
                        "relcap.githubRateWait=0", "relcap.httpTimeout=5"};
    if (rc_config_open(&cfg, NULL, ov, 5))
        abort();
    free(api);
    setenv("GH_TOKEN", "ghp_fuzzTOKEN", 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 32768)
        return 0;
    static const int statuses[] = {200, 200, 200, 200, 304, 404, 422, 500, 403, 200};
    pthread_mutex_lock(&lock);
    status = statuses[data[0] % 10];
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    for (int i = 0; i < 4; i++) {
        free(parts[i]);
        const char *sep = p < end ? memchr(p, '\x01', (size_t)(end - p)) : NULL;
        const char *stop = sep ? sep : end;
        part_len[i] = p < end ? (size_t)(stop - p) : 0;
        parts[i] = rc_xstrndup(p < end ? p : "", part_len[i]);
        p = sep ? sep + 1 : end;
    }
    pthread_mutex_unlock(&lock);
    rc_ghsync_report rep = {0};
    rc_ghsync_opts o = {.sleep_fn = no_sleep};
    int r = rc_ghsync_run(&rep, db, cfg, NULL, &o);
    if (r != 0 && !rc_error_last()[0])
        abort(); /* a failed sync must say why */
    rc_ghsync_report_free(&rep);
    return 0;
}
