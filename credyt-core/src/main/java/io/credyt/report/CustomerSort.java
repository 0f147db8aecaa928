package io.credyt.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.credyt.InvalidRequestException;

/** How the dashboard's customer list is sorted. */
public enum CustomerSort {

	/** By the application's user id. */
	EXTERNAL_ID,

	/** By when the ledger first saw the customer. */
	CREATED,

	/** By available balance in the report's asset. */
	AVAILABLE,

	/** By usage fees charged this calendar month (UTC). */
	SPEND_THIS_MONTH;

	/**
	 * The name used in URLs: lower case, words joined by hyphens ({@code spend-this-month}).
	 * @return the parameter value
	 */
	public String parameter() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Reads a sort key as given in a request: its {@linkplain #parameter() parameter value} or its
	 * constant name, in any case.
	 * @param value the value
	 * @return the sort key
	 * @throws InvalidRequestException naming {@code sort} when the value is missing or unknown
	 */
	public static CustomerSort of(@Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidRequestException("sort", "a sort key is required; one of " + known());
		}
		String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		for (CustomerSort sort : values()) {
			if (sort.name().equals(name)) {
				return sort;
			}
		}
		throw new InvalidRequestException("sort", "unknown sort key '" + value + "'; one of " + known());
	}

	private static String known() {
		return Arrays.stream(values()).map(CustomerSort::parameter).collect(Collectors.joining(", "));
	}

}
