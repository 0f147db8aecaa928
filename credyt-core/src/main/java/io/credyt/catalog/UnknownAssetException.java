package io.credyt.catalog;

import io.credyt.CredytException;

/** An asset code that the catalog does not declare. */
public class UnknownAssetException extends CredytException {

	private static final long serialVersionUID = 1L;

	private final String asset;

	public UnknownAssetException(String asset) {
		super("Unknown asset '" + asset + "'");
		this.asset = asset;
	}

	public String asset() {
		return this.asset;
	}

}
