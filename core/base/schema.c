/* Forward migrations. migrations[i] brings user_version i to i+1. Never edit
 * a migration that has shipped: append a new one. User-data tables are only
 * ever altered in place (ALTER TABLE ... ADD COLUMN, or copy-then-rename in
 * one transaction), never dropped. */
#include "core/base/schema.h"

#include <stddef.h>

static const char migration_1[] =
    /* ---- cache tables: rebuildable by sync ---- */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
    /* Ref oids at last scan, for the no-change fast path. */
    "CREATE TABLE refs (name TEXT PRIMARY KEY, oid TEXT NOT NULL);"
    "CREATE TABLE commits ("
    "  sha TEXT PRIMARY KEY, parents TEXT NOT NULL DEFAULT '',"
    "  author_name TEXT, author_email TEXT, author_date INTEGER, commit_date INTEGER,"
    "  subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', patch_id TEXT);"
    /* First-parent history per line: main since the oldest cut, each release
     * branch since its cut. pos 0 is the oldest commit after the cut. */
    "CREATE TABLE line_commits (line TEXT NOT NULL, pos INTEGER NOT NULL, sha TEXT NOT NULL,"
    "  PRIMARY KEY (line, pos));"
    "CREATE INDEX line_commits_sha ON line_commits(sha);"
    "CREATE TABLE branches ("
    "  name TEXT PRIMARY KEY, version TEXT, release TEXT, sortkey TEXT, status TEXT,"
    "  head_sha TEXT, head_date INTEGER, cut_sha TEXT, cut_date INTEGER,"
    "  ahead INTEGER, behind INTEGER, latest_tag TEXT, remote INTEGER NOT NULL DEFAULT 0,"
    "  ci TEXT NOT NULL DEFAULT 'none');"
    "CREATE TABLE tags ("
    "  name TEXT PRIMARY KEY, version TEXT NOT NULL, release TEXT NOT NULL, sortkey TEXT NOT NULL,"
    "  kind TEXT NOT NULL, sha TEXT NOT NULL, date INTEGER, branch TEXT, on_main INTEGER,"
    "  ci TEXT NOT NULL DEFAULT 'none');"
    "CREATE INDEX tags_sha ON tags(sha);"
    /* Cherry-pick engine results per (branch, candidate). */
    "CREATE TABLE picks ("
    "  branch TEXT NOT NULL, sha TEXT NOT NULL, pos INTEGER, pr INTEGER, category TEXT,"
    "  state TEXT NOT NULL, evidence TEXT, picked_as TEXT, reverts TEXT,"
    "  PRIMARY KEY (branch, sha));"
    "CREATE TABLE violations (branch TEXT NOT NULL, sha TEXT NOT NULL, reason TEXT NOT NULL,"
    "  PRIMARY KEY (branch, sha));"
    /* In-memory cherry-pick outcome per (candidate, head it was tried on). */
    "CREATE TABLE conflicts (sha TEXT NOT NULL, onto TEXT NOT NULL, clean INTEGER NOT NULL,"
    "  paths TEXT NOT NULL DEFAULT '', PRIMARY KEY (sha, onto));"
    "CREATE TABLE prs ("
    "  number INTEGER PRIMARY KEY, title TEXT, author TEXT, state TEXT, base TEXT,"
    "  labels TEXT NOT NULL DEFAULT '[]', milestone TEXT, merged_at INTEGER, merge_sha TEXT,"
    "  body TEXT, url TEXT, updated_at INTEGER);"
    "CREATE INDEX prs_merge_sha ON prs(merge_sha);"
    "CREATE TABLE trackers (number INTEGER PRIMARY KEY, title TEXT, version TEXT,"
    "  state TEXT, updated_at INTEGER);"
    "CREATE TABLE tracker_requests ("
    "  comment_id INTEGER PRIMARY KEY, tracker INTEGER NOT NULL, author TEXT,"
    "  trunk_prs TEXT NOT NULL DEFAULT '[]', release_prs TEXT NOT NULL DEFAULT '[]',"
    "  category TEXT, checked INTEGER, on_trunk INTEGER, body TEXT);"
    "CREATE TABLE ci_status (sha TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER);"
    /* Conditional-request cache: the last 200 body for each list URL. */
    "CREATE TABLE http_cache (url TEXT PRIMARY KEY, etag TEXT, body BLOB, fetched_at INTEGER);"
    /* ---- user data: never touched by sync, migration or cache clear ---- */
    "CREATE TABLE pick_decisions ("
    "  branch TEXT NOT NULL, sha TEXT NOT NULL, pr INTEGER, decision TEXT,"
    "  category TEXT, note TEXT, author TEXT, decided_at INTEGER,"
    "  PRIMARY KEY (branch, sha));"
    "CREATE TABLE bench_decisions ("
    "  release TEXT NOT NULL, hardware TEXT NOT NULL, model TEXT NOT NULL, test TEXT NOT NULL,"
    "  metric TEXT NOT NULL, decision TEXT, note TEXT, author TEXT, decided_at INTEGER,"
    "  PRIMARY KEY (release, hardware, model, test, metric));"
    "CREATE TABLE bench_files (id INTEGER PRIMARY KEY, path TEXT NOT NULL,"
    "  digest TEXT NOT NULL UNIQUE, imported_at INTEGER, records INTEGER);"
    "CREATE TABLE bench_results ("
    "  id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL REFERENCES bench_files(id),"
    "  commit_sha TEXT, tag TEXT, hardware TEXT NOT NULL, backend TEXT NOT NULL,"
    "  model TEXT NOT NULL, test TEXT NOT NULL, metric TEXT NOT NULL, unit TEXT,"
    "  value REAL NOT NULL, recorded_at INTEGER);"
    "CREATE INDEX bench_results_key ON bench_results(hardware, model, test, metric);"
    "CREATE INDEX bench_results_commit ON bench_results(commit_sha);"
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY, node TEXT NOT NULL, backend TEXT NOT NULL, kind TEXT,"
    "  hardware TEXT, target_sha TEXT, target_tag TEXT, target_branch TEXT,"
    "  tests TEXT NOT NULL DEFAULT '[]', state TEXT NOT NULL, remote_id TEXT,"
    "  created_at INTEGER, started_at INTEGER, ended_at INTEGER, exit_code INTEGER,"
    "  log_path TEXT, results_dir TEXT, reason TEXT, imported TEXT);";

/* Every triage change is also appended here, so a decision overwritten by
 * mistake (or by a concurrent process) can be recovered. */
static const char migration_2[] =
    "CREATE TABLE decision_log (id INTEGER PRIMARY KEY, scope TEXT NOT NULL, key TEXT NOT NULL,"
    "  decision TEXT, category TEXT, note TEXT, author TEXT, at INTEGER);";

/* GitHub evidence of the cherry-pick engine: the open release-branch PR
 * that carries a candidate, and the tracker comment requesting it. */
static const char migration_3[] = "ALTER TABLE picks ADD COLUMN review_pr INTEGER;"
                                  "ALTER TABLE picks ADD COLUMN requested INTEGER;";

/* What a benchmark result ran on, when its file says so (a JSON object:
 * gpu, driver, cuda, rocm, torch, vllm ...), for the env_changed of a delta. */
static const char migration_4[] = "ALTER TABLE bench_results ADD COLUMN env TEXT;";

/* Perf bisections (core/bisect): the search, the runs it launched and what
 * each tested commit turned out to be. User data: a bisect outlives relcap
 * and resumes from here. */
static const char migration_5[] =
    "CREATE TABLE bisects (id INTEGER PRIMARY KEY, metric TEXT NOT NULL, hardware TEXT NOT NULL,"
    "  model TEXT NOT NULL, test TEXT NOT NULL, node TEXT NOT NULL, from_name TEXT NOT NULL,"
    "  to_name TEXT NOT NULL, commits TEXT NOT NULL, runs_per_step INTEGER NOT NULL,"
    "  start_timeout INTEGER NOT NULL, state TEXT NOT NULL, first_bad TEXT, note TEXT,"
    "  message TEXT, created_at INTEGER, updated_at INTEGER);"
    "CREATE TABLE bisect_runs (bisect_id INTEGER NOT NULL, run_id INTEGER NOT NULL,"
    "  sha TEXT NOT NULL, counted INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (bisect_id, run_id));"
    "CREATE TABLE bisect_marks (bisect_id INTEGER NOT NULL, sha TEXT NOT NULL, mark TEXT,"
    "  want INTEGER NOT NULL, detail TEXT, at INTEGER, PRIMARY KEY (bisect_id, sha));";

/* Prerequisites of a conflicting candidate per (candidate, head it was
 * searched on): earlier main commits whose picks make it apply cleanly, and
 * the branch commits its conflict collides with (newline-separated shas). */
static const char migration_6[] =
    "CREATE TABLE prereqs (sha TEXT NOT NULL, onto TEXT NOT NULL, prereqs TEXT NOT NULL DEFAULT '',"
    "  collides TEXT NOT NULL DEFAULT '', PRIMARY KEY (sha, onto));";

/* The readiness inputs that live in git, read by sync so that the gate and
 * the cockpit's first frame read no git object (core/release/inputs.c):
 * the release documents of each branch at the head they were read at (the
 * facts the docs check needs, kept per blob so an unchanged file is not
 * parsed again), the documents read on main (compatibility matrix,
 * calendar) and the upstream version found in the history of each tag. */
static const char migration_7[] =
    "CREATE TABLE release_docs (branch TEXT PRIMARY KEY, head TEXT NOT NULL, globs TEXT NOT NULL,"
    "  code INTEGER NOT NULL DEFAULT 0, error TEXT);"
    "CREATE TABLE release_doc_files (branch TEXT NOT NULL, pos INTEGER NOT NULL,"
    "  path TEXT NOT NULL, blob TEXT NOT NULL, conflicts INTEGER NOT NULL,"
    "  first_line INTEGER NOT NULL, has_matrix INTEGER NOT NULL, versions TEXT NOT NULL,"
    "  PRIMARY KEY (branch, pos));"
    "CREATE INDEX release_doc_files_blob ON release_doc_files(blob);"
    "CREATE TABLE release_main_docs (path TEXT PRIMARY KEY, rev TEXT, blob TEXT, body TEXT,"
    "  code INTEGER NOT NULL DEFAULT 0, error TEXT);"
    "CREATE TABLE tag_upstreams (sha TEXT NOT NULL, trailer TEXT NOT NULL, upstream TEXT,"
    "  PRIMARY KEY (sha, trailer));";

/* The pool a prerequisite search tried (newline-separated shas; NULL on
 * rows searched before): a later head reuses the search when the pool is
 * the same and the move touched none of its paths (core/picks/picks_prereq.c). */
static const char migration_8[] = "ALTER TABLE prereqs ADD COLUMN pool TEXT;";

const char *const rc_schema_migrations[] = {
    migration_1, migration_2, migration_3, migration_4, migration_5,
    migration_6, migration_7, migration_8, NULL,
};

const char *const rc_db_cache_tables[] = {
    "meta",
    "refs",
    "commits",
    "line_commits",
    "branches",
    "tags",
    "picks",
    "violations",
    "conflicts",
    "prs",
    "trackers",
    "tracker_requests",
    "ci_status",
    "http_cache",
    "prereqs",
    "release_docs",
    "release_doc_files",
    "release_main_docs",
    "tag_upstreams",
    NULL,
};

const char *const rc_db_user_tables[] = {
    "pick_decisions", "bench_decisions", "bench_files", "bench_results", "runs",
    "decision_log",   "bisects",         "bisect_runs", "bisect_marks",  NULL,
};
