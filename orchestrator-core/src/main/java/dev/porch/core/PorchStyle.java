package dev.porch.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style every porch value type uses: generated classes stay package-private
 * behind the abstract type, builders are strict (each attribute set once) and public only through
 * the value's own {@code builder()} factory.
 *
 * <p>Apply it through a module's {@code package-info.java}; user code never needs it.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    strictBuilder = true,
    defaults = @Value.Immutable(copy = true),
    jdkOnly = true,
    get = {"is*", "get*"},
    typeImmutable = "Immutable*")
public @interface PorchStyle {}
