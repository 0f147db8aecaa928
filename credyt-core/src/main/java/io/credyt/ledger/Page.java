package io.credyt.ledger;

import java.util.List;

/**
 * A page of results, newest first.
 *
 * @param <T> the item type
 * @param items the items
 * @param page the page index, from 0
 * @param size the page size asked for
 * @param total the number of items on all pages
 */
public record Page<T>(List<T> items, int page, int size, long total) {

	public Page {
		items = List.copyOf(items);
	}

	public int totalPages() {
		return (int) ((this.total + this.size - 1) / this.size);
	}

	public boolean hasNext() {
		return (long) (this.page + 1) * this.size < this.total;
	}

}
