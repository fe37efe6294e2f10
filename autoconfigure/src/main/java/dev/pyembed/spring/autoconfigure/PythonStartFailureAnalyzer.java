package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonStartException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a {@link PythonStartException} (no libpython found, a static Python, a wrong home or venv, an
 * unsupported version): the description says what happened and which {@code pyembed.*} settings were in force,
 * the action says what to change, naming the property.
 */
class PythonStartFailureAnalyzer extends AbstractFailureAnalyzer<PythonStartException> {

    static final String[] RUNTIME_PROPERTIES = {"pyembed.runtime", "pyembed.library", "pyembed.home", "pyembed.venv",
            "pyembed.cache-directory", "pyembed.packages.enabled"};

    private final Environment environment;

    PythonStartFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PythonStartException cause) {
        StringBuilder description = new StringBuilder("The Python engine could not start: ").append(whatHappened(cause));
        description.append("\n\nRuntime settings:");
        for (String property : RUNTIME_PROPERTIES) {
            String value = environment == null ? null : environment.getProperty(property);
            description.append("\n    ").append(property).append('=').append(value == null ? "(not set)" : value);
        }
        String action = cause.action().isEmpty() ? "Check the cause in the stack trace above." : capitalize(cause.action()) + ".";
        if (!action.contains("pyembed.")) {
            action += " The runtime is chosen by pyembed.runtime (auto, embedded, system, path), with pyembed.library"
                    + " and pyembed.home, or pyembed.venv.";
        }
        return new FailureAnalysis(description.toString(), action, cause);
    }

    /** The message without the action core appends to it (" -- action"). */
    static String whatHappened(PythonStartException exception) {
        String message = String.valueOf(exception.getMessage());
        String suffix = " -- " + exception.action();
        return !exception.action().isEmpty() && message.endsWith(suffix)
                ? message.substring(0, message.length() - suffix.length()) : message;
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
