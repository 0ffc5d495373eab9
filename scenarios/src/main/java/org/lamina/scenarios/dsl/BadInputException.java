package org.lamina.scenarios.dsl;

/** Bad input from the user (file, argument, scenario): reported without a stack trace, exit code 2. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
