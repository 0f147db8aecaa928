package io.credyt;

import org.jspecify.annotations.Nullable;

/**
 * A request the engine refuses before writing anything: a missing or blank customer id, a
 * quantity or amount that is zero, negative, too precise or absurdly large, a malformed page
 * request. {@link #field()} names the offending input.
 */
public class InvalidRequestException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String field;

	public InvalidRequestException(String field, String message) {
		super(field + ": " + message);
		this.field = field;
	}

	/**
	 * The name of the input that was refused, e.g. {@code quantity} or {@code customer}.
	 * @return the field name
	 */
	public String field() {
		return this.field;
	}

	/**
	 * Checks a text input that is required and fits a column of {@code maxLength} characters
	 * (an id, a reference, a name).
	 * @param value the input
	 * @param field the input's name, for the exception
	 * @param maxLength how many characters it may have at most
	 * @return the input, unchanged
	 * @throws InvalidRequestException naming {@code field} when the input is missing, blank or
	 * too long
	 */
	public static String requireText(@Nullable String value, String field, int maxLength) {
		if (value == null || value.isBlank()) {
			throw new InvalidRequestException(field, "is required");
		}
		if (value.length() > maxLength) {
			throw new InvalidRequestException(field, "is at most " + maxLength + " characters");
		}
		return value;
	}

}
