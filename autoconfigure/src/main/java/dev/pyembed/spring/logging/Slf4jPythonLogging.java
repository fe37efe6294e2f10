package dev.pyembed.spring.logging;

import dev.pyembed.PythonLogSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * Records of Python's {@code logging} module to SLF4J: the logger keeps the Python logger's name ({@code root} becomes
 * {@code python}); DEBUG and below map to DEBUG, INFO to INFO, WARNING to WARN, ERROR and CRITICAL to ERROR. An
 * exception logged with {@code logger.exception(...)} follows the message as Python formatted it.
 */
public class Slf4jPythonLogging implements PythonLogSink {

    private static final Map<String, Integer> LEVELS = Map.of("DEBUG", DEBUG, "INFO", INFO, "WARNING", WARNING,
            "WARN", WARNING, "ERROR", ERROR, "CRITICAL", 50);

    @Override
    public void log(String logger, int level, String message, String exception) {
        Logger target = LoggerFactory.getLogger("root".equals(logger) ? "python" : logger);
        String text = exception == null ? message : message + System.lineSeparator() + exception;
        if (level >= ERROR) {
            target.error("{}", text);
        } else if (level >= WARNING) {
            target.warn("{}", text);
        } else if (level >= INFO) {
            target.info("{}", text);
        } else {
            target.debug("{}", text);
        }
    }

    /** A level name (DEBUG, INFO, WARNING, ERROR, CRITICAL) or number as Python's level number. */
    public static int level(String level) {
        String name = level.trim().toUpperCase(Locale.ROOT);
        Integer known = LEVELS.get(name);
        if (known != null) {
            return known;
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pyembed.logging.level=" + level + " is not a Python logging level; use"
                    + " DEBUG, INFO, WARNING, ERROR, CRITICAL or a number", e);
        }
    }
}
