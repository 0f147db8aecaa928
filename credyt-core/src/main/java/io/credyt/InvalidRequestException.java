package io.credyt;

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

}
