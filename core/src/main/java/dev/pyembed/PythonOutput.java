package dev.pyembed;

/**
 * Where Python's {@code sys.stdout} and {@code sys.stderr} go, one line at a time (Python's own streams are
 * block-buffered when not a terminal; pyembed replaces them with line writers). Called with the GIL held by
 * the writing thread: keep it quick. The Spring module routes it to SLF4J.
 */
@FunctionalInterface
public interface PythonOutput {

    enum Stream { STDOUT, STDERR }

    void line(Stream stream, String line);

    /** The default: {@code System.out} / {@code System.err}. */
    static PythonOutput systemStreams() {
        return (stream, line) -> (stream == Stream.STDOUT ? System.out : System.err).println(line);
    }
}
