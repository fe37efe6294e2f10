package dev.pyembed.spring.autoconfigure;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Explains a {@code pyembed.*} value that does not bind: what was wrong with it and where it was set, and for a
 * choice (runtime, native backend) the values to choose from as the documentation writes them, in lower case.
 * Comes before Spring Boot's own bind failure analysis (which lists enum values in upper case).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class PythonPropertiesBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        ConfigurationProperty property = cause.getProperty();
        // a value its setter refused fails the binding of the enclosing object: the property names the value
        String name = (property != null ? property.getName() : cause.getName()).toString();
        if (!name.startsWith("pyembed.")) {
            return null;
        }
        Object value = property == null ? null : property.getValue();
        Class<?> type = cause.getTarget().getType().resolve();
        StringBuilder description = new StringBuilder("Invalid value for ").append(name).append(": '")
                .append(value).append('\'');
        if (property != null && property.getOrigin() != null) {
            description.append(" (").append(property.getOrigin()).append(')');
        }
        String action;
        if (type != null && type.isEnum()) {
            String choices = Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
            description.append(": not one of ").append(choices);
            action = "Set " + name + " to one of: " + choices + ".";
        } else {
            String reason = reason(cause);
            description.append(": ").append(reason);
            action = "Change " + name + " in the application's configuration: " + reason + ".";
        }
        return new FailureAnalysis(description.toString(), action, cause);
    }

    /** The setter's check ("pyembed.x must not be negative"), else the innermost message (the conversion's). */
    private static String reason(Throwable failure) {
        String innermost = failure.getMessage();
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("pyembed.")) {
                return t.getMessage();
            }
            if (t.getMessage() != null) {
                innermost = t.getMessage();
            }
        }
        return innermost;
    }
}
