package dev.porch.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style every porch value type uses: generated classes stay package-private
 * behind the abstract type, builders are strict (each attribute set once) and public only through
 * the value's own {@code builder()} factory. The generated builder is package-private too
 * ({@code builderVisibility = PACKAGE}): its setters are public methods that the value's public
 * {@code X.Builder extends ImmutableX.Builder} inherits, so {@code X.builder().a(..).build()} compiles
 * from any package while {@code ImmutableX.Builder} is no type a caller can name.
 *
 * <p>Apply it through a module's {@code package-info.java}; user code never needs it.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE,
    strictBuilder = true,
    defaults = @Value.Immutable(copy = true),
    jdkOnly = true,
    get = {"is*", "get*"},
    typeImmutable = "Immutable*")
public @interface PorchStyle {}
