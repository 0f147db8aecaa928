package io.credyt.sample;

import java.math.BigDecimal;
import java.util.Map;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.ledger.Ledger;
import io.credyt.money.Money;
import io.credyt.subscription.Subscription;
import io.credyt.subscription.Subscriptions;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The image prices as the pages show them ("$0.25", "$0.40"), read from the catalog that
 * {@code credyt.products.image} configures, and for a customer on a plan ({@code credyt.plans}),
 * the plan's prices while the subscription is active, so the pages never disagree with what is
 * charged.
 */
@Component
class ImagePrices {

	static final String PRODUCT = "image";

	private final Catalog catalog;

	private final ObjectProvider<Subscriptions> subscriptions;

	ImagePrices(Ledger ledger, ObjectProvider<Subscriptions> subscriptions) {
		this.catalog = ledger.catalog();
		this.subscriptions = subscriptions;
	}

	/**
	 * @param customer the signed-in customer
	 * @param hd whether the image is HD
	 * @return the price of one image for the customer, formatted
	 */
	String price(String customer, boolean hd) {
		Product image = this.catalog.pricing(this.catalog.product(PRODUCT), plan(customer));
		BigDecimal fee = image.quote(Map.of("quality", hd ? "hd" : "standard"), BigDecimal.ONE).fee();
		return format(fee);
	}

	/** The plan whose prices the customer pays now, or {@code null}. */
	private @Nullable String plan(String customer) {
		Subscriptions subscriptions = this.subscriptions.getIfAvailable();
		return (subscriptions != null) ? subscriptions.subscription(customer)
			.filter(Subscription::active)
			.map(Subscription::plan)
			.orElse(null) : null;
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
