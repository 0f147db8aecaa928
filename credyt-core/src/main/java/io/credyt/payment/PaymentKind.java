package io.credyt.payment;

/** How a top-up payment came about. */
public enum PaymentKind {

	/** The customer paid at a hosted checkout (a manual top-up). */
	CHECKOUT,

	/** A saved card was charged without the customer present (auto top-up). */
	AUTO_TOP_UP,

	/** A subscription's fee, paid at a checkout or charged off-session at renewal: never a top-up. */
	SUBSCRIPTION

}
