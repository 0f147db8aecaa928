package io.credyt.autoconfigure.web.api;

import java.util.List;

/**
 * A page of the customer's usage, newest first.
 *
 * @param items the usage on this page
 * @param page the page number, from 1
 * @param size the page size asked for
 * @param total how many usage events there are on all pages
 * @param totalPages how many pages there are
 * @param hasNext whether a later page exists
 */
public record ApiUsagePage(List<ApiUsage> items, int page, int size, long total, int totalPages, boolean hasNext) {

	public ApiUsagePage {
		items = List.copyOf(items);
	}

}
