package io.credyt.autoconfigure.admin;

/**
 * A sortable column's header link.
 *
 * @param url where clicking the header goes: this column's order, reversed when it is the current
 * one
 * @param active whether the list is sorted by this column
 * @param descending whether the current order is descending (meaningful when active)
 */
public record SortLink(String url, boolean active, boolean descending) {

	/**
	 * The header's {@code aria-sort} value.
	 * @return {@code ascending}, {@code descending} or {@code none}
	 */
	public String ariaSort() {
		if (!this.active) {
			return "none";
		}
		return this.descending ? "descending" : "ascending";
	}

}
