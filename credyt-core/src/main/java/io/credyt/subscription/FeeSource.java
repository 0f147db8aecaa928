package io.credyt.subscription;

/** How a subscription's fees are paid. */
public enum FeeSource {

	/** From the customer's wallet balance in the fee's currency. */
	WALLET,

	/** By card: the first fee at a hosted checkout, renewals off-session on the card saved there. */
	CARD

}
