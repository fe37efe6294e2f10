package dev.pyembed.spring.module;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A typed Java view of a Python module: the annotated interface becomes a bean whose methods call the module's
 * functions of the same name ({@link PythonFunction} names another), each call in its own GIL scope of the
 * application's {@code PythonEngine}.
 *
 * <pre>{@code
 * @PythonModule("riskmodel")
 * public interface RiskModel {
 *     RiskScore score(Applicant applicant);          // riskmodel.score({"income": ..., ...}) -> RiskScore
 * }
 * }</pre>
 *
 * Interfaces are found in the packages of {@code @SpringBootApplication} (Boot's auto-configuration packages), or in
 * those of {@link EnablePythonModules}; at start, the module is imported and each function checked against its
 * method (it exists, is callable, and its {@code inspect.signature} takes the method's parameters), and the context
 * does not start when one fails ({@link PythonModuleException}). Arguments and results convert as the package
 * documentation says; a result that does not fit the declared type throws {@link PythonResultException}.
 * {@code @WithGil} on the interface or a method sets the GIL wait timeout and the call deadline.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PythonModule {

    /** The module's import name, e.g. {@code "riskmodel"} or {@code "models.risk"}. */
    String value();
}
