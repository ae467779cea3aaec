/* Median, Mann-Whitney U (exact and normal approximation) and the verdict
 * rule on constructed samples with known answers. */
#include "tests/testutil.h"

#include "core/bench/bench_diff.h"
#include "core/bench/bench_stats.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof *(a))

static void test_median(void **state)
{
    (void)state;
    double odd[] = {5, 1, 3};
    double even[] = {4, 1, 3, 2};
    double one[] = {7.5};
    assert_float_equal(rc_bench_median(odd, 3), 3, 1e-12);
    assert_float_equal(rc_bench_median(even, 4), 2.5, 1e-12);
    assert_float_equal(rc_bench_median(one, 1), 7.5, 1e-12);
    assert_true(isnan(rc_bench_median(one, 0)));
    /* The input is not reordered. */
    assert_float_equal(odd[0], 5, 0);
}

static void test_mwu_exact(void **state)
{
    (void)state;
    rc_mwu_result r;
    double a[] = {1, 2, 3}, b[] = {4, 5, 6};
    assert_int_equal(rc_bench_mwu(&r, a, 3, b, 3), 0);
    assert_true(r.exact);
    assert_float_equal(r.u, 0, 0);
    assert_float_equal(r.p_value, 0.1, 1e-12); /* 2 / C(6,3) */
    assert_int_equal(rc_bench_mwu(&r, b, 3, a, 3), 0);
    assert_float_equal(r.u, 9, 0);
    assert_float_equal(r.p_value, 0.1, 1e-12);
    /* U = 1 for 3 vs 3: P(U <= 1) = 2/20, two-sided 0.2. */
    double c[] = {1, 2, 4}, d[] = {3, 5, 6};
    assert_int_equal(rc_bench_mwu(&r, c, 3, d, 3), 0);
    assert_float_equal(r.u, 1, 0);
    assert_float_equal(r.p_value, 0.2, 1e-12);
    /* 5 vs 5 fully separated: 2 / 252. */
    double e[] = {1, 2, 3, 4, 5}, f[] = {6, 7, 8, 9, 10};
    assert_int_equal(rc_bench_mwu(&r, e, 5, f, 5), 0);
    assert_float_equal(r.p_value, 2.0 / 252.0, 1e-12);
    /* Interleaved: the middle of the distribution, p = 1. */
    double g[] = {1, 4, 5, 8}, h[] = {2, 3, 6, 7};
    assert_int_equal(rc_bench_mwu(&r, g, 4, h, 4), 0);
    assert_float_equal(r.u, 8, 0);
    assert_float_equal(r.p_value, 1.0, 1e-12);
    assert_float_equal(rc_bench_mwu_min_p(3, 3), 0.1, 1e-12);
    assert_float_equal(rc_bench_mwu_min_p(5, 5), 2.0 / 252.0, 1e-12);
    assert_float_equal(rc_bench_mwu_min_p(1, 1), 1.0, 1e-12);
}

static void test_mwu_ties_normal(void **state)
{
    (void)state;
    /* Ties force the normal approximation with tie correction:
     * U = 2, mu = 8, var = 16/12 * (9 - 24/56), continuity 0.5:
     * p = erfc(5.5 / sqrt(var) / sqrt 2) = 0.10375367752... */
    rc_mwu_result r;
    double a[] = {1, 2, 2, 3}, b[] = {2, 4, 5, 6};
    assert_int_equal(rc_bench_mwu(&r, a, 4, b, 4), 0);
    assert_false(r.exact);
    assert_float_equal(r.u, 2, 0);
    assert_float_equal(r.p_value, 0.1037536775209857, 1e-9);
    /* All equal: no evidence at all. */
    double z[] = {3, 3, 3};
    assert_int_equal(rc_bench_mwu(&r, z, 3, z, 3), 0);
    assert_float_equal(r.p_value, 1, 0);
    /* Large samples (over the exact limit), shifted apart: tiny p. */
    double big_a[40], big_b[40];
    for (int i = 0; i < 40; i++) {
        big_a[i] = i;
        big_b[i] = i + 100.5;
    }
    assert_int_equal(rc_bench_mwu(&r, big_a, 40, big_b, 40), 0);
    assert_false(r.exact);
    assert_true(r.p_value < 1e-10);
    /* ...and interleaved: large p. */
    for (int i = 0; i < 40; i++)
        big_b[i] = i + 0.5;
    assert_int_equal(rc_bench_mwu(&r, big_a, 40, big_b, 40), 0);
    assert_true(r.p_value > 0.5);
}

/* ---- Student t, Welch on logs, BH, power, fence ----
 * Expected numbers were computed independently with a throwaway python3
 * script (standard library only): the t CDF by Simpson's rule on the
 * Student t density (200000 intervals), quantiles by bisection on that CDF
 * refined by Newton steps, Welch's test from the textbook formulas on
 * math.log of the samples, BH and the power loop from their definitions,
 * quartiles by statistics.quantiles(method='inclusive'). */

static void test_t_distribution(void **state)
{
    (void)state;
    assert_float_equal(rc_bench_t_cdf(1.5, 3), 0.884708067377589, 1e-10);
    assert_float_equal(rc_bench_t_cdf(-2.2, 7.5), 0.0305997329530478, 1e-10);
    /* df = 1 is Cauchy: 0.5 + atan(t) / pi */
    assert_float_equal(rc_bench_t_cdf(0.3, 1), 0.5 + atan(0.3) / M_PI, 1e-12);
    assert_float_equal(rc_bench_t_cdf(4, 30), 0.999809077181954, 1e-10);
    assert_float_equal(rc_bench_t_cdf(0, 5), 0.5, 1e-15);
    assert_float_equal(rc_bench_t_cdf(INFINITY, 5), 1, 0);
    assert_true(isnan(rc_bench_t_cdf(1, 0)));
    assert_float_equal(rc_bench_t_quantile(0.975, 2), 4.30265272974979, 1e-9);
    assert_float_equal(rc_bench_t_quantile(0.975, 4), 2.77644510519792, 1e-9);
    assert_float_equal(rc_bench_t_quantile(0.975, 5.3), 2.52742778826814, 1e-9);
    assert_float_equal(rc_bench_t_quantile(0.8, 8), 0.888889517767022, 1e-9);
    assert_float_equal(rc_bench_t_quantile(0.995, 100), 2.62589052143959, 1e-9);
    assert_float_equal(rc_bench_t_quantile(0.025, 4), -2.77644510519792, 1e-9);
    assert_float_equal(rc_bench_t_quantile(0.5, 3), 0, 0);
    /* I_x(a, b) closed forms: I_x(1, 1) = x, I_x(a, 1) = x^a */
    assert_float_equal(rc_bench_betai(1, 1, 0.3), 0.3, 1e-14);
    assert_float_equal(rc_bench_betai(2.5, 1, 0.7), pow(0.7, 2.5), 1e-13);
    assert_float_equal(rc_bench_betai(3, 4, 0), 0, 0);
    assert_float_equal(rc_bench_betai(3, 4, 1), 1, 0);
}

static void test_welch_log(void **state)
{
    (void)state;
    rc_welch_result w;
    /* A latency 20% slower, 3 runs a side. */
    double b[] = {100, 102, 98}, h[] = {120, 123, 118};
    assert_int_equal(rc_bench_welch_log(&w, b, 3, h, 3, -1, 0.95), 0);
    assert_true(w.logs);
    assert_float_equal(w.diff, 0.185083414892397, 1e-12);
    assert_float_equal(w.se, 0.0166919012902706, 1e-12);
    assert_float_equal(w.df, 3.99274962019562, 1e-10);
    assert_float_equal(w.t, 11.088216475392, 1e-9);
    assert_float_equal(w.p_value, 0.00037998823814156, 1e-11);
    assert_float_equal(w.ratio, 0.831034960269068, 1e-12);
    assert_float_equal(w.ci_low, 0.793373818362387, 1e-9);
    assert_float_equal(w.ci_high, 0.870483861712158, 1e-9);
    assert_float_equal(w.sd, 0.0204433204990336, 1e-12);
    /* Higher is better, 4 vs 3, wide. */
    double b2[] = {10, 11, 9.5, 10.4}, h2[] = {10.3, 12.5, 9.1};
    assert_int_equal(rc_bench_welch_log(&w, b2, 4, h2, 3, 1, 0.95), 0);
    assert_float_equal(w.df, 2.45466031570593, 1e-10);
    assert_float_equal(w.p_value, 0.768631093232905, 1e-9);
    assert_float_equal(w.ratio, 1.03250493453504, 1e-12);
    assert_float_equal(w.ci_low, 0.725461051164129, 1e-8);
    assert_float_equal(w.ci_high, 1.46950196447972, 1e-8);
    /* 2 vs 2, wide: the interval spans everything. */
    double b3[] = {100, 130}, h3[] = {104, 80};
    assert_int_equal(rc_bench_welch_log(&w, b3, 2, h3, 2, -1, 0.95), 0);
    assert_float_equal(w.df, 2, 1e-12);
    assert_float_equal(w.p_value, 0.352125865665973, 1e-9);
    assert_float_equal(w.ratio, 1.25, 1e-12);
    assert_float_equal(w.ci_low, 0.562658363585299, 1e-8);
    assert_float_equal(w.ci_high, 2.77699595549178, 1e-8);
    /* One run a side: a ratio, no interval, no test. */
    double one_b[] = {100}, one_h[] = {110};
    assert_int_equal(rc_bench_welch_log(&w, one_b, 1, one_h, 1, 1, 0.95), 0);
    assert_float_equal(w.ratio, 1.1, 1e-12);
    assert_true(isnan(w.p_value) && isnan(w.ci_low) && isnan(w.sd));
    /* Identical runs: a certain difference. */
    double same_b[] = {5, 5, 5}, same_h[] = {6, 6, 6};
    assert_int_equal(rc_bench_welch_log(&w, same_b, 3, same_h, 3, 1, 0.95), 0);
    assert_true(w.p_value < 1e-12);
    assert_float_equal(w.ci_low, 1.2, 1e-12);
    /* Zeros: raw values, scaled by the base mean. */
    double z_b[] = {0, 1, 2}, z_h[] = {1, 2, 3};
    assert_int_equal(rc_bench_welch_log(&w, z_b, 3, z_h, 3, 1, 0.95), 0);
    assert_false(w.logs);
    assert_float_equal(w.ratio, 2, 1e-12);
    assert_int_equal(rc_bench_welch_log(&w, NULL, 0, z_h, 3, 1, 0.95), RC_EINVALID);
}

static void test_bh_power_fence(void **state)
{
    (void)state;
    double p[] = {0.01, 0.04, 0.03, 0.5, 0.002, NAN}, q[6];
    rc_bench_bh(q, p, 6);
    assert_float_equal(q[0], 0.025, 1e-15);
    assert_float_equal(q[1], 0.05, 1e-15);
    assert_float_equal(q[2], 0.05, 1e-15);
    assert_float_equal(q[3], 0.5, 1e-15);
    assert_float_equal(q[4], 0.01, 1e-15);
    assert_true(isnan(q[5]));
    assert_int_equal(rc_bench_runs_needed(0.03, log(1.05), 0.05, 0.8), 8);
    assert_int_equal(rc_bench_runs_needed(0.05, log(1.05), 0.05, 0.8), 18);
    assert_int_equal(rc_bench_runs_needed(0.01, log(1.05), 0.05, 0.8), 3);
    assert_int_equal(rc_bench_runs_needed(0, log(1.05), 0.05, 0.8), 2);
    assert_int_equal(rc_bench_runs_needed(10, log(1.05), 0.05, 0.8), RC_RUNS_NEEDED_MAX);
    assert_int_equal(rc_bench_runs_needed(0.01, 0, 0.05, 0.8), -1);
    double v[] = {0.01, 0.002, 0.03, 0.005, 0.012, 0.007, 0.02};
    assert_float_equal(rc_bench_fence(v, 7), 0.046, 1e-15);
    assert_true(isnan(rc_bench_fence(v, 0)));
}

/* ---- verdicts ---- */

static rc_bench_delta judge(int better, const double *b, size_t nb, const double *h, size_t nh)
{
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_delta row;
    memset(&row, 0, sizeof row);
    row.better = better;
    rc_bench_judge(&row, b, nb, h, nh, &o);
    return row;
}

static void test_verdicts(void **state)
{
    (void)state;
    /* A 10% regression of a latency with tight samples: regression. */
    double base[] = {100, 100.5, 99.5, 100.2, 99.8};
    double slow[] = {110, 110.4, 109.6, 110.1, 109.9};
    rc_bench_delta r = judge(-1, base, 5, slow, 5);
    assert_int_equal(r.verdict, RC_BENCH_REGRESSION);
    assert_float_equal(r.delta_pct, -10, 1e-9);
    assert_true(r.p_value < 1e-9);
    assert_float_equal(r.q_value, r.p_value, 0); /* one comparison: q = p */
    assert_true(r.ci_low < r.ratio && r.ratio < r.ci_high && r.ci_high < 1 / 1.05);
    assert_float_equal(r.base, 100, 1e-12);
    assert_float_equal(r.head, 110, 1e-12);
    assert_float_equal(r.threshold_pct, 5, 0);
    assert_int_equal(r.runs_needed, 0);
    /* The same change of a throughput is an improvement. */
    r = judge(1, base, 5, slow, 5);
    assert_int_equal(r.verdict, RC_BENCH_IMPROVEMENT);
    assert_float_equal(r.delta_pct, 10, 1e-9);
    assert_true(r.ratio > 1.05);
    /* A 10% change of the median inside wide noise: the interval crosses
     * the threshold, so it is not a regression but inconclusive, and it
     * takes many runs to decide. */
    double wide_b[] = {70, 130, 95, 105, 100};
    double wide_h[] = {77, 140, 104.5, 115.5, 110};
    r = judge(-1, wide_b, 5, wide_h, 5);
    assert_float_equal(r.delta_pct, -10, 1e-9);
    assert_true(r.p_value > 0.05);
    assert_int_equal(r.verdict, RC_BENCH_INCONCLUSIVE);
    assert_int_equal(r.runs_needed, rc_bench_runs_needed(r.spread, log(1.05), 0.05, 0.8));
    assert_true(r.runs_needed > 5);
    /* A 1% change, however tight and significant: noise (the interval lies
     * inside +-5%). */
    double one_h[] = {101, 101.5, 100.5, 101.2, 100.8};
    r = judge(-1, base, 5, one_h, 5);
    assert_true(r.p_value < 0.05);
    assert_float_equal(r.delta_pct, -1, 1e-9);
    assert_true(r.ci_low > 1 / 1.05 && r.ci_high < 1.05);
    assert_int_equal(r.verdict, RC_BENCH_NOISE);
    /* One run a side: no spread, no test: inconclusive, RC_BENCH_MIN_RUNS. */
    double b1[] = {100}, h1[] = {110};
    r = judge(-1, b1, 1, h1, 1);
    assert_int_equal(r.verdict, RC_BENCH_INCONCLUSIVE);
    assert_true(isnan(r.p_value) && isnan(r.ci_low));
    assert_float_equal(r.ratio, 100.0 / 110.0, 1e-12);
    assert_int_equal(r.runs_needed, RC_BENCH_MIN_RUNS);
    /* Three a side (the sample files' size), separated by 10%: Welch's
     * test can decide where the exact Mann-Whitney could not (p >= 0.1). */
    double b3[] = {100, 101, 99}, h3s[] = {110, 111, 109}, h3o[] = {98, 111, 112};
    r = judge(-1, b3, 3, h3s, 3);
    assert_int_equal(r.verdict, RC_BENCH_REGRESSION);
    assert_true(r.p_value < 0.001);
    r = judge(-1, b3, 3, h3o, 3);
    assert_int_equal(r.verdict, RC_BENCH_INCONCLUSIVE);
    assert_true(r.runs_needed > 3);
    /* Two runs a side with a wide spread: inconclusive, with the runs a
     * side that would detect 5% at that spread. */
    double b2[] = {100, 130}, h2[] = {104, 80};
    r = judge(-1, b2, 2, h2, 2);
    assert_int_equal(r.verdict, RC_BENCH_INCONCLUSIVE);
    assert_float_equal(r.spread, 0.185519550545984, 1e-12); /* see test_welch_log */
    assert_int_equal(r.runs_needed, rc_bench_runs_needed(r.spread, log(1.05), 0.05, 0.8));
    assert_true(r.runs_needed > 100);
    /* Missing sides. */
    r = judge(-1, b3, 3, NULL, 0);
    assert_int_equal(r.verdict, RC_BENCH_MISSING);
    assert_true(isnan(r.head) && isnan(r.delta_pct));
    assert_int_equal(r.base_n, 3);
    r = judge(1, NULL, 0, h1, 1);
    assert_int_equal(r.verdict, RC_BENCH_MISSING);
    /* Unknown direction: never a regression. */
    r = judge(0, base, 5, slow, 5);
    assert_int_equal(r.verdict, RC_BENCH_NOISE);
    assert_float_equal(r.delta_pct, 10, 1e-9);
    /* The threshold is configurable: 12% makes the 10% regression noise. */
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    o.threshold_pct = 12;
    rc_bench_delta row;
    memset(&row, 0, sizeof row);
    row.better = -1;
    rc_bench_judge(&row, base, 5, slow, 5, &o);
    assert_int_equal(row.verdict, RC_BENCH_NOISE);
    /* A stricter alpha: still a regression (p is tiny). */
    o.threshold_pct = 5;
    o.alpha = 0.001;
    rc_bench_judge(&row, base, 5, slow, 5, &o);
    assert_int_equal(row.verdict, RC_BENCH_REGRESSION);
    /* A noise fence of 15% from the metric's history widens the threshold:
     * the 10% change is noise there; a fence below the threshold is
     * ignored. */
    o.alpha = 0.05;
    row.fence_pct = 15;
    row.fence_tags = 2;
    rc_bench_judge(&row, base, 5, slow, 5, &o);
    assert_float_equal(row.threshold_pct, 15, 0);
    assert_int_equal(row.verdict, RC_BENCH_NOISE);
    row.fence_pct = 2;
    rc_bench_judge(&row, base, 5, slow, 5, &o);
    assert_float_equal(row.threshold_pct, 5, 0);
    assert_int_equal(row.verdict, RC_BENCH_REGRESSION);
    /* A significant change whose interval crosses the threshold: the
     * estimate is beyond 5% but q > alpha after a stricter alpha. */
    o.alpha = 1e-12;
    row.fence_tags = 0;
    rc_bench_judge(&row, b3, 3, h3s, 3, &o);
    assert_int_equal(row.verdict, RC_BENCH_INCONCLUSIVE);
    assert_true(row.runs_needed >= 4);
}

/* The verdict's basis in words, as the Bench pane's detail shows it. */
static void test_basis(void **state)
{
    (void)state;
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    double b[] = {100, 102, 98}, h[] = {120, 123, 118};
    rc_bench_delta r = judge(-1, b, 3, h, 3);
    char *s = rc_bench_basis(&r, &o);
    /* ratio and interval as in test_welch_log: 0.831 [0.793, 0.870] */
    assert_string_equal(s, "3 vs 3 runs, ratio 0.83 [0.79, 0.87], BH q = 0.00038 -> regression\n"
                           "significant (q <= 0.05) and worse by more than the 5% threshold");
    free(s);
    double b2[] = {100, 130}, h2[] = {104, 80};
    r = judge(-1, b2, 2, h2, 2);
    s = rc_bench_basis(&r, &o);
    char *want = rc_xasprintf("2 vs 2 runs, ratio 1.25 [0.56, 2.78], BH q = 0.35 -> inconclusive\n"
                              "the interval crosses the 5%% threshold:\n%d more runs a side (%d in"
                              " all) would decide",
                              r.runs_needed - 2, r.runs_needed);
    assert_string_equal(s, want);
    free(want);
    free(s);
    double b1[] = {100}, h1[] = {101};
    r = judge(-1, b1, 1, h1, 1);
    s = rc_bench_basis(&r, &o);
    assert_string_equal(s, "1 vs 1 runs, ratio 0.99 -> inconclusive\none run a side shows no spread"
                           " to judge by:\n2 more runs a side (3 in all) would give an interval");
    free(s);
    r = judge(-1, b1, 1, NULL, 0);
    s = rc_bench_basis(&r, &o);
    assert_string_equal(s, "1 vs 0 runs: no results on the head side -> missing");
    free(s);
    r = judge(-1, b, 3, h, 3);
    r.fence_pct = 30;
    r.fence_tags = 2;
    rc_bench_reverdict(&r, &o);
    s = rc_bench_basis(&r, &o);
    assert_non_null(strstr(s, "-> noise"));
    assert_non_null(strstr(s, "threshold widened from 5% to 30.0%"));
    assert_non_null(strstr(s, "2 earlier tags of the line"));
    free(s);
}

static void test_env_changed(void **state)
{
    (void)state;
    char *s = rc_bench_env_changed("{\"gpu\":\"H100\",\"torch\":\"2.5.1\",\"driver\":\"550\"}",
                                   "{\"gpu\":\"H100\",\"torch\":\"2.6.0\",\"cuda\":\"12.4\"}");
    assert_string_equal(s, "torch 2.5.1 -> 2.6.0");
    free(s);
    assert_null(rc_bench_env_changed("{\"gpu\":\"H100\"}", "{\"gpu\":\"H100\"}"));
    assert_null(rc_bench_env_changed(NULL, "{\"gpu\":\"H100\"}"));
    assert_null(rc_bench_env_changed("not json", "{}"));
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_median), cmocka_unit_test(test_mwu_exact),
        cmocka_unit_test(test_mwu_ties_normal), cmocka_unit_test(test_t_distribution),
        cmocka_unit_test(test_welch_log), cmocka_unit_test(test_bh_power_fence),
        cmocka_unit_test(test_verdicts), cmocka_unit_test(test_basis),
        cmocka_unit_test(test_env_changed))
