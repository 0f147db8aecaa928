package io.credyt.autoconfigure.admin;

import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

import io.credyt.ledger.Page;

/**
 * A page's place among all pages, for the links under a table. Page numbers start at 1.
 *
 * @param number this page's number
 * @param pages how many pages there are (at least 1)
 * @param total how many rows all pages hold
 * @param first the number of this page's first row (0 when the page is empty)
 * @param last the number of this page's last row (0 when the page is empty)
 * @param previousUrl the previous page's link, or {@code null} on the first page
 * @param nextUrl the next page's link, or {@code null} on the last page
 */
public record Pager(int number, int pages, long total, long first, long last, @Nullable String previousUrl,
		@Nullable String nextUrl) {

	static Pager of(Page<?> page, IntFunction<String> url) {
		int number = page.page() + 1;
		long first = page.items().isEmpty() ? 0 : (long) page.page() * page.size() + 1;
		long last = page.items().isEmpty() ? 0 : first + page.items().size() - 1;
		return new Pager(number, Math.max(1, page.totalPages()), page.total(), first, last,
				(number > 1) ? url.apply(Math.min(number - 1, Math.max(1, page.totalPages()))) : null,
				page.hasNext() ? url.apply(number + 1) : null);
	}

}
