package dev.pyembed.spring.module;

import dev.pyembed.PythonException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link PythonModule} interface that does not match its module: which interface, module and function, and what to change. */
class PythonModuleFailureAnalyzer extends AbstractFailureAnalyzer<PythonModuleException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PythonModuleException cause) {
        StringBuilder description = new StringBuilder(cause.getMessage());
        if (cause.getCause() instanceof PythonException python && cause.kind() == PythonModuleException.Kind.MODULE_NOT_IMPORTABLE) {
            String traceback = python.pythonTraceback().stripTrailing();
            if (traceback.contains("Traceback") || traceback.contains("File \"")) {
                description.append("\n\n").append(traceback);
            }
        }
        String target = cause.moduleInterface().getName();
        String function = cause.module() + "." + cause.function();
        String action = switch (cause.kind()) {
            case MODULE_NOT_IMPORTABLE -> "Make module '" + cause.module() + "' importable (add the folder that holds it to"
                    + " pyembed.python-path, a classpath: folder works too, or install it into pyembed.venv), or fix"
                    + " the name in @PythonModule on " + target + ".";
            case FUNCTION_MISSING -> "Define " + cause.function() + "() in module '" + cause.module()
                    + "', or name the function the method calls with @PythonFunction(\"...\") on " + target + ".";
            case NOT_CALLABLE -> "Make " + function + " a function (or another callable), or point the method of "
                    + target + " at one with @PythonFunction(\"...\").";
            case SIGNATURE_MISMATCH -> "Give the method of " + target + " as many parameters as " + function
                    + "() takes positionally (records and beans are passed as one dict each), or change the Python"
                    + " signature (parameters with defaults, *args and **kwargs accept any count).";
            case UNSUPPORTED_TYPE -> "Declare a supported return type on the method of " + target
                    + " (a record, List, Set, Map, Optional, an array, a primitive, String, an enum, void or Object).";
        };
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
