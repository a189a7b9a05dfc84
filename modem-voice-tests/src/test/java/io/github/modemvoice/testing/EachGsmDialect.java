package io.github.modemvoice.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A test run once per GSM dialect of {@link GsmModemFixture}: the method takes the dialect's name
 * ({@code "simcom"}, then {@code "quectel"}) as its one {@code String} parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest
@ValueSource(strings = {"simcom", "quectel"})
public @interface EachGsmDialect {
}
