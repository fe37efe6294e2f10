package dev.pyembed.spring.autoconfigure;

import dev.pyembed.PythonException;
import dev.pyembed.spring.engine.PythonStartupTaskException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a failed {@code pyembed.modules} / {@code pyembed.scripts} entry: which one, the Python exception and
 * its traceback, and what to change.
 */
class PythonStartupTaskFailureAnalyzer extends AbstractFailureAnalyzer<PythonStartupTaskException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PythonStartupTaskException cause) {
        StringBuilder description = new StringBuilder(cause.getMessage());
        PythonException python = cause.pythonException();
        String traceback = python == null ? "" : python.pythonTraceback().stripTrailing();
        // a traceback, or a SyntaxError's location (file, line, the text and a caret): not when it only repeats the message
        boolean hasTraceback = traceback.contains("Traceback") || traceback.contains("File \"");
        if (hasTraceback) {
            description.append("\n\n").append(traceback);
        }
        String action = switch (cause.kind()) {
            case MODULE -> "Make module '" + cause.target() + "' importable: add the folder that holds it to"
                    + " pyembed.python-path (a classpath: folder works too) or install it into the virtualenv set by"
                    + " pyembed.venv; or remove it from pyembed.modules (" + cause.property() + ").";
            case SCRIPT -> python == null
                    ? "Point " + cause.property() + " at an existing script (e.g. classpath:python/init.py or"
                    + " file:/path/init.py), or remove it from pyembed.scripts."
                    : "Fix the script " + cause.target() + (hasTraceback ? " (see the traceback above)" : "")
                    + ", or remove it from pyembed.scripts (" + cause.property() + ").";
            case PYTHON_PATH -> "Point " + cause.property() + " at a folder that holds Python files: 'classpath:python/'"
                    + " for src/main/python or src/main/resources/python shipped in the jar, or a file system folder;"
                    + " or remove the entry from pyembed.python-path.";
        };
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
