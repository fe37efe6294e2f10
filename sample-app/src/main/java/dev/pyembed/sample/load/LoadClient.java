package dev.pyembed.sample.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small load generator for the sample service: {@code --clients} threads each send {@code POST /api/score} one
 * after the other for {@code --duration}, then it prints throughput, latency percentiles, the service's
 * {@code /api/stats}, and what the {@code python_gil_*} metrics of {@code /actuator/prometheus} moved by.
 *
 * <pre>
 * java -jar sample-app/target/pyembed-sample-app.jar load --clients 16 --duration 10s [--url http://localhost:8080]
 * </pre>
 *
 * Bounded on purpose: loopback addresses only, at most {@value #MAX_CLIENTS} clients, {@value #MAX_SECONDS} s and
 * {@value #MAX_REQUESTS} requests.
 */
public final class LoadClient {

    static final int MAX_CLIENTS = 256;
    static final int MAX_SECONDS = 300;
    static final long MAX_REQUESTS = 5_000_000;

    private final URI base;
    private final int clients;
    private final Duration duration;
    private final long maxRequests;
    private final HttpClient http;

    LoadClient(URI base, int clients, Duration duration, long maxRequests) {
        this.base = base;
        this.clients = clients;
        this.duration = duration;
        this.maxRequests = maxRequests;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses {@code args}, runs, prints; returns the exit code: 0 when every request got 200. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        LoadClient client;
        try {
            client = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("load: " + e.getMessage());
            err.println("usage: load [--url http://localhost:8080] [--clients 16] [--duration 10s] [--max-requests N]");
            return 2;
        }
        try {
            return client.run(out);
        } catch (IOException e) {
            err.println("load: " + client.base + " does not answer (" + e + "); is the service running?");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    static LoadClient parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("url", "http://localhost:8080", "clients", "16",
                "duration", "10s", "max-requests", Long.toString(MAX_REQUESTS)));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            options.put(name, value);
        }
        URI url = URI.create(options.get("url").replaceAll("/+$", ""));
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://HOST:PORT, got " + url);
        }
        if (!isLoopback(url.getHost())) {
            throw new IllegalArgumentException("--url must point at this machine (localhost, 127.0.0.1, ::1), got " + url.getHost());
        }
        int clients = Integer.parseInt(options.get("clients"));
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new IllegalArgumentException("--clients must be 1 to " + MAX_CLIENTS);
        }
        Duration duration = parseDuration(options.get("duration"));
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0) {
            throw new IllegalArgumentException("--duration must be more than 0 and at most " + MAX_SECONDS + "s");
        }
        long maxRequests = Long.parseLong(options.get("max-requests"));
        if (maxRequests < 1 || maxRequests > MAX_REQUESTS) {
            throw new IllegalArgumentException("--max-requests must be 1 to " + MAX_REQUESTS);
        }
        return new LoadClient(url, clients, duration, maxRequests);
    }

    private static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host.replaceAll("^\\[|]$", ""));
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
            }
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--duration: '" + text + "' is not a duration (examples: 10s, 500ms, 2m)");
        }
    }

    int run(PrintStream out) throws IOException, InterruptedException {
        String model = get("/api/model");
        out.printf("load: %d client(s) for %s against %s/api/score%n", clients, format(duration), base);
        out.println("model: " + model);

        Map<String, Double> gilBefore = gilTotals(get("/actuator/prometheus"));
        AtomicLong budget = new AtomicLong(maxRequests);
        Worker[] workers = new Worker[clients];
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int i = 0; i < clients; i++) {
            workers[i] = new Worker(i, deadline, budget, done);
            Thread thread = new Thread(workers[i], "load-client-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;

        long ok = 0;
        long total = 0;
        Map<String, Long> failures = new TreeMap<>();
        long[] latencies = new long[0];
        for (Worker worker : workers) {
            ok += worker.ok;
            total += worker.sent;
            worker.failures.forEach((reason, count) -> failures.merge(reason, count, Long::sum));
            long[] merged = Arrays.copyOf(latencies, latencies.length + worker.latencyCount);
            System.arraycopy(worker.latencies, 0, merged, latencies.length, worker.latencyCount);
            latencies = merged;
        }
        Arrays.sort(latencies);
        out.printf(Locale.ROOT, "requests: %d sent, %d ok (200), %d failed%s%n", total, ok, total - ok,
                failures.isEmpty() ? "" : " " + failures);
        out.printf(Locale.ROOT, "throughput: %.1f requests/s%n", ok / seconds);
        out.printf(Locale.ROOT, "latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", percentile(latencies, 0.50),
                percentile(latencies, 0.95), percentile(latencies, 0.99), percentile(latencies, 1.0));
        out.println("service /api/stats: " + get("/api/stats"));
        out.println(describeGil(gilBefore, gilTotals(get("/actuator/prometheus"))));
        return ok == total && total > 0 ? 0 : 1;
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode() + " " + response.body();
    }

    /**
     * The {@code python_gil_*} series of a Prometheus scrape, summed over their tags ({@code _max} series: the
     * largest).
     */
    static Map<String, Double> gilTotals(String prometheus) {
        Map<String, Double> totals = new TreeMap<>();
        for (String line : prometheus.split("\n")) {
            if (!line.startsWith("python_gil_")) {
                continue;
            }
            int nameEnd = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            String name = line.substring(0, nameEnd);
            double value;
            try {
                value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            totals.merge(name, value, name.endsWith("_max") ? Math::max : Double::sum);
        }
        return totals;
    }

    /** What the GIL metrics say about the run: the counters' increase, and the recent maximum wait. */
    static String describeGil(Map<String, Double> before, Map<String, Double> after) {
        if (after.isEmpty()) {
            return "GIL: no python_gil_* metrics in /actuator/prometheus";
        }
        double holds = delta(before, after, "python_gil_hold_seconds_count");
        double held = delta(before, after, "python_gil_hold_seconds_sum");
        double waits = delta(before, after, "python_gil_wait_seconds_count");
        double waited = delta(before, after, "python_gil_wait_seconds_sum");
        return String.format(Locale.ROOT, "GIL during the run (python_gil_* in /actuator/prometheus): %.0f holds, mean %.3f ms;"
                        + " %.0f waits, mean %.3f ms, max %.1f ms; %.0f timeouts",
                holds, holds == 0 ? 0 : held * 1000 / holds, waits, waits == 0 ? 0 : waited * 1000 / waits,
                after.getOrDefault("python_gil_wait_seconds_max", 0.0) * 1000, delta(before, after, "python_gil_timeouts_total"));
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** The body of request {@code n} of client {@code client}: varied, always valid. */
    static String body(int client, long n) {
        long k = n * 31 + client * 1_000_003L;
        String customerId = "L-" + client + "-" + (n % 500);
        double income = 18_000 + (k % 180) * 1_000;
        double debt = (k % 97) * 1_500;
        int age = 18 + (int) (k % 60);
        int employmentYears = (int) (k % Math.max(1, age - 16));
        return String.format(Locale.ROOT, "{\"customerId\":\"%s\",\"income\":%.1f,\"debt\":%.1f,\"age\":%d,\"employmentYears\":%d}",
                customerId, income, debt, age, employmentYears);
    }

    private final class Worker implements Runnable {
        private final int id;
        private final long deadline;
        private final AtomicLong budget;
        private final CountDownLatch done;
        private final Map<String, Long> failures = new TreeMap<>();
        private long[] latencies = new long[1024];
        private int latencyCount;
        private long sent;
        private long ok;

        Worker(int id, long deadline, AtomicLong budget, CountDownLatch done) {
            this.id = id;
            this.deadline = deadline;
            this.budget = budget;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                URI score = base.resolve("/api/score");
                while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                    HttpRequest request = HttpRequest.newBuilder(score).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body(id, sent))).build();
                    long begin = System.nanoTime();
                    sent++;
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        record(System.nanoTime() - begin);
                        if (response.statusCode() == 200) {
                            ok++;
                        } else {
                            failures.merge("HTTP " + response.statusCode(), 1L, Long::sum);
                        }
                    } catch (IOException e) {
                        failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        }

        private void record(long nanos) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = nanos;
        }
    }
}
