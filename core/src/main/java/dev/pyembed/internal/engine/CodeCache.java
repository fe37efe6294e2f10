package dev.pyembed.internal.engine;

import dev.pyembed.internal.capi.CApi;
import dev.pyembed.internal.capi.Utf8;
import dev.pyembed.internal.gil.GilHeld;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The code objects of recently run {@code eval}/{@code exec} sources, so that a repeated source is compiled once:
 * compiling is most of a small {@code eval} (bench/README.md: {@code eval("1+1")} ~5 us, a call ~0.4 us).
 * Bounded in entries and in source length; a source that is not cached runs as before. Every method runs with the
 * GIL held. The map's own lock is never held across a native call: evaluated code can release the GIL, and another
 * thread must then be able to run its own source.
 */
public final class CodeCache {

    public static final int MAX_ENTRIES = 256;
    public static final int MAX_SOURCE_LENGTH = 4096;
    private static final byte[] FILENAME = Utf8.cString("<string>");

    private record Key(String source, int start) {
    }

    /** Access order: the eldest entry is the least recently run. */
    private final Map<Key, Long> codes = new LinkedHashMap<>(32, 0.75f, true);

    /**
     * Runs {@code source} ({@link CApi#PY_EVAL_INPUT} or {@link CApi#PY_FILE_INPUT}) in {@code namespace}: a new
     * reference, or 0 with the Python error set.
     */
    public long run(GilHeld gil, String source, int start, long namespace) {
        CApi api = gil.api();
        if (source.length() > MAX_SOURCE_LENGTH) {
            return api.PyRun_StringFlags(Utf8.cString(source), start, namespace, namespace, 0);
        }
        Key key = new Key(source, start);
        long code = cached(key);
        if (code != 0) {
            // A reference for this run. Safe outside the map's lock: only a thread holding the GIL (this one, now)
            // evicts and releases code objects.
            api.Py_IncRef(code);
        } else {
            code = api.Py_CompileString(Utf8.cString(source), FILENAME, start);
            if (code == 0) {
                return 0; // a SyntaxError, not cached: the next run reports it again
            }
            api.Py_IncRef(code); // one reference for the cache, one for this run
            release(gil, add(key, code));
        }
        try {
            return api.PyEval_EvalCode(code, namespace, namespace);
        } finally {
            api.Py_DecRef(code);
        }
    }

    /** The cached code object (borrowed), or 0. */
    private long cached(Key key) {
        synchronized (codes) {
            Long code = codes.get(key);
            return code == null ? 0 : code;
        }
    }

    /** Adds {@code code}; returns the evicted code objects, to be released outside the lock. */
    private List<Long> add(Key key, long code) {
        List<Long> evicted = new ArrayList<>(1);
        synchronized (codes) {
            Long previous = codes.put(key, code);
            if (previous != null) {
                evicted.add(previous); // another thread compiled the same source while this one did
            }
            Iterator<Long> eldest = codes.values().iterator();
            while (codes.size() > MAX_ENTRIES) {
                evicted.add(eldest.next());
                eldest.remove();
            }
        }
        return evicted;
    }

    private static void release(GilHeld gil, List<Long> codes) {
        for (long code : codes) {
            gil.api().Py_DecRef(code);
        }
    }

    /** Drops every cached code object (before finalization). */
    public void clear(GilHeld gil) {
        List<Long> all;
        synchronized (codes) {
            all = new ArrayList<>(codes.values());
            codes.clear();
        }
        release(gil, all);
    }
}
