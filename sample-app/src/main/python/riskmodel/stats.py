"""Rolling statistics of the scores given: requests put each score on a queue, a daemon thread named
`stats-updater` (running `update_stats`) drains it and publishes a snapshot once per interval."""
import collections
import datetime
import queue
import statistics
import threading
import time

_STOP = object()


class RollingStats:

    def __init__(self, interval=1.0, window=60.0, max_queued=100_000, max_window=200_000):
        self.interval = float(interval)
        self.window = float(window)
        self.queue = queue.Queue(maxsize=max_queued)
        self.scores = collections.deque(maxlen=max_window)  # (monotonic time, score); only the updater touches it
        self.count = 0
        self.dropped = 0
        self.updates = 0
        self.started = time.monotonic()
        self.snapshot = self._snapshot(self.started)
        self.thread = None

    def record(self, score):
        """Called by each request (any thread, GIL held): never blocks."""
        try:
            self.queue.put_nowait((time.monotonic(), score))
        except queue.Full:
            self.dropped += 1  # the updater is not keeping up; the snapshot says so

    def start(self):
        self.thread = threading.Thread(target=update_stats, args=(self,), name='stats-updater', daemon=True)
        self.thread.start()

    def stop(self, timeout):
        if self.thread is None:
            return True
        try:
            self.queue.put(_STOP, timeout=timeout)
        except queue.Full:
            pass
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def alive(self):
        return self.thread is not None and self.thread.is_alive()

    def _snapshot(self, now):
        while self.scores and self.scores[0][0] < now - self.window:
            self.scores.popleft()
        values = [score for _, score in self.scores]
        span = min(self.window, max(now - self.started, 1e-3))
        p95 = None
        if len(values) >= 2:
            p95 = statistics.quantiles(values, n=20, method='inclusive')[18]
        elif values:
            p95 = float(values[0])
        return {
            'count': self.count,
            'windowSeconds': self.window,
            'windowCount': len(values),
            'meanScore': statistics.fmean(values) if values else None,
            'p95Score': p95,
            'ratePerMinute': len(values) * 60.0 / span,
            'dropped': self.dropped,
            'updates': self.updates,
            'updatedAt': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='milliseconds'),
        }


def update_stats(stats):
    """The body of the `stats-updater` thread: drains the queue; once per interval, publishes a new snapshot."""
    next_update = time.monotonic() + stats.interval
    while True:
        timeout = next_update - time.monotonic()
        if timeout > 0:
            try:
                item = stats.queue.get(timeout=timeout)  # releases the GIL while it waits
            except queue.Empty:
                item = None
            if item is _STOP:
                return
            if item is not None:
                stats.scores.append(item)
                stats.count += 1
                continue
        now = time.monotonic()
        stats.updates += 1
        stats.snapshot = stats._snapshot(now)  # one assignment: readers see the old or the new dict, whole
        next_update += stats.interval
        if next_update <= now:  # fell behind (a long GIL hold elsewhere): skip the missed ticks
            next_update = now + stats.interval
