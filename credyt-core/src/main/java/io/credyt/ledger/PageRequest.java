package io.credyt.ledger;

import io.credyt.InvalidRequestException;

/**
 * Which page to read.
 *
 * @param page the page index, from 0
 * @param size items per page, 1 to {@value #MAX_SIZE}
 */
public record PageRequest(int page, int size) {

	/** The largest page size. */
	public static final int MAX_SIZE = 500;

	public PageRequest {
		if (page < 0) {
			throw new InvalidRequestException("page", "must not be negative, was " + page);
		}
		if (size < 1 || size > MAX_SIZE) {
			throw new InvalidRequestException("size", "must be between 1 and " + MAX_SIZE + ", was " + size);
		}
	}

	public static PageRequest of(int page, int size) {
		return new PageRequest(page, size);
	}

	public long offset() {
		return (long) this.page * this.size;
	}

}
