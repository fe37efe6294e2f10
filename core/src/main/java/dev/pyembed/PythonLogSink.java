package dev.pyembed;

/**
 * Where records of Python's {@code logging} module go: pyembed installs a handler on Python's root logger that
 * hands each record to this sink ({@code PythonEngine.builder().logging(sink, level)}). Called with the GIL held
 * by the logging thread: keep it quick. The Spring module maps it to SLF4J.
 */
@FunctionalInterface
public interface PythonLogSink {

    /** Python's levels: {@code logging.DEBUG} 10, INFO 20, WARNING 30, ERROR 40, CRITICAL 50. */
    int DEBUG = 10;
    int INFO = 20;
    int WARNING = 30;
    int ERROR = 40;

    /**
     * @param logger    the Python logger's name ({@code root} for the root logger)
     * @param level     the record's level number
     * @param message   the formatted message ({@code record.getMessage()})
     * @param exception the formatted exception of {@code logger.exception(...)}, or {@code null}
     */
    void log(String logger, int level, String message, String exception);
}
