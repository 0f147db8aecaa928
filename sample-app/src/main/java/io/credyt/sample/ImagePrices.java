package io.credyt.sample;

import java.math.BigDecimal;
import java.util.Map;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.ledger.Ledger;
import io.credyt.money.Money;

import org.springframework.stereotype.Component;

/**
 * The image prices as the pages show them ("$0.25", "$0.40"), read from the catalog that
 * {@code credyt.products.image} configures, so the pages never disagree with what is charged.
 */
@Component
class ImagePrices {

	static final String PRODUCT = "image";

	private final Catalog catalog;

	ImagePrices(Ledger ledger) {
		this.catalog = ledger.catalog();
	}

	/**
	 * @param hd whether the image is HD
	 * @return the price of one image, formatted
	 */
	String price(boolean hd) {
		BigDecimal fee = this.catalog.quote(PRODUCT, Map.of("quality", hd ? "hd" : "standard"), BigDecimal.ONE).fee();
		return format(fee);
	}

	/**
	 * @param amount an amount in the image's asset
	 * @return the amount, formatted as a price
	 */
	String format(BigDecimal amount) {
		Product image = this.catalog.product(PRODUCT);
		return this.catalog.asset(image.asset()).format(amount, Money.PRICE_DISPLAY);
	}

}
