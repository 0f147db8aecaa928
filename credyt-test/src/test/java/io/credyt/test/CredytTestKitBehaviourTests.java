package io.credyt.test;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import io.credyt.ledger.AuthorizationRequest;
import io.credyt.ledger.Balance;
import io.credyt.ledger.Hold;
import io.credyt.ledger.Ledger;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.TopUps;

import static io.credyt.test.CredytAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test kit in the application it is made for: a Spring MVC application behind Spring
 * Security, with the billing portal and the test payment provider, on every database the ledger
 * runs on.
 */
@SpringBootTest(classes = KitApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "credyt.payments.test-mode.enabled=true")
@AutoConfigureMockMvc
@AutoConfigureCredytTest
abstract class CredytTestKitBehaviourTests {

	@Autowired
	private CredytTest credyt;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private KitApplication.Images images;

	@Autowired
	private Ledger ledger;

	@Autowired
	private TopUps topUps;

	@LocalServerPort
	private int port;

	@Test
	void fundPutsMoneyInAWalletInOneCall() {
		String customer = this.credyt.newCustomer();
		this.credyt.fund(customer, "4.35");
		assertThat(this.credyt.balance(customer)).hasAvailable("4.35").hasPosted("4.35").hasNothingHeld();
		this.credyt.fund(customer, "0.65");
		assertThat(this.credyt.balance(customer)).hasAvailable("5");
	}

	@Test
	void subscribePutsACustomerOnAPlanWithItsAllowanceAndTheirWalletAsItWas() {
		String customer = this.credyt.newCustomer();
		this.credyt.fund(customer, "1.00");
		io.credyt.subscription.Subscription pro = this.credyt.subscribe(customer, "pro");
		assertThat(pro.active()).isTrue();
		assertThat(this.credyt.billing(customer)).hasAvailable("1.00").hasFreeUnits("image", 200);
		// the first call onboards the customer (2 sign-up images); the plan's allowance, which lapses
		// at the period's end, is used first
		this.images.generate(customer, false);
		assertThat(this.credyt.billing(customer)).hasAvailable("1.00").hasFreeUnits("image", 201);
		assertThat(this.credyt.renewDue()).isZero();
	}

	@Test
	void aNewCustomerIsOneNoTestUsedAndStartsWithNothing() {
		String customer = this.credyt.newCustomer();
		assertThat(customer).matches("test-[0-9a-f]{16}").isNotEqualTo(this.credyt.newCustomer());
		assertThat(this.credyt.newCustomer("alice")).startsWith("alice-");
		assertThat(this.credyt.billing(customer)).hasAvailable("0").hasNoUsage().hasFreeUnits("image", 0);
		assertThat(this.credyt.onboard(customer)).hasFreeUnits("image", 2).hasAvailable("0");
	}

	@Test
	void assertionsReadWhatIsAvailableHeldFreeAndBilled() {
		String customer = this.credyt.newCustomer();
		this.credyt.fund(customer, "1.00");
		this.images.generate(customer, false);
		assertThat(this.credyt.billing(customer)).hasUsageCount(1).hasFreeUnits("image", 1).hasAvailable("1.00");
		this.images.generate(customer, false);
		this.images.generate(customer, false);
		this.images.generate(customer, true);
		assertThat(this.credyt.billing(customer)).hasUsageCount("image", 4)
			.hasUsageCount("video", 0)
			.hasFreeUnits("image", 0)
			.hasAvailable("0.35")
			.hasNothingHeld();
		Hold hold = this.ledger.authorize(AuthorizationRequest.of(customer, "image"));
		assertThat(this.credyt.balance(customer)).hasHeld("0.25").hasAvailable("0.10").hasPosted("0.35");
		this.ledger.release(hold.id());
		assertThat(this.credyt.balance(customer)).hasNothingHeld().hasAvailable("0.35");
	}

	@Test
	void aFailedAssertionSaysWhatWasExpectedAndWhatWasFound() {
		String customer = this.credyt.newCustomer();
		this.credyt.fund(customer, "4.35");
		Balance balance = this.credyt.balance(customer);
		assertThatThrownBy(() -> assertThat(balance).hasAvailable("4.36")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("available USD balance of customer <" + customer + "> to be <4.36> but was <4.35>");
		assertThatThrownBy(() -> assertThat(balance).hasFreeUnits("image", 1)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("<1> free image units left")
			.hasMessageContaining("but there were <0>");
		assertThatThrownBy(() -> assertThat(this.credyt.billing(customer)).hasUsageCount("image", 2))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("Expected <2> image usage events billed to customer <" + customer
					+ "> but there were <0>");
	}

	@Test
	void aTestCheckoutOverMockMvcCreditsTheWallet() {
		String customer = this.credyt.newCustomer();
		CheckoutResult result = this.credyt.checkout(this.mvc).pay(customer, "5.00");
		assertThat(result.succeeded()).isTrue();
		assertThat(result.status()).isEqualTo(PaymentStatus.SUCCEEDED);
		assertThat(this.credyt.balance(customer)).hasAvailable("5.00");
		assertThat(this.topUps.store().find(result.sessionId())).map(PaymentRecord::status)
			.hasValue(PaymentStatus.SUCCEEDED);
	}

	@Test
	void aTestCheckoutOverHttpCreditsTheWallet() {
		String customer = this.credyt.newCustomer();
		CheckoutResult result = this.credyt.checkout(URI.create("http://localhost:" + this.port))
			.pay(customer, "7.50");
		assertThat(result.succeeded()).isTrue();
		assertThat(this.credyt.balance(customer)).hasAvailable("7.50");
	}

	@Test
	void aDeclinedCardCreditsNothingAndTheFailureIsRecorded() {
		String customer = this.credyt.newCustomer();
		CheckoutResult result = this.credyt.checkout(this.mvc).pay(customer, "5.00", TestCheckout.DECLINED);
		assertThat(result.succeeded()).isFalse();
		assertThat(result.status()).isEqualTo(PaymentStatus.FAILED);
		assertThat(this.credyt.balance(customer)).hasAvailable("0");
		assertThat(this.topUps.store().find(result.sessionId())).map(PaymentRecord::status)
			.hasValue(PaymentStatus.FAILED);
	}

	@Test
	void aCardSavedAtTheCheckoutIsKeptForAutoTopUp() {
		String customer = this.credyt.newCustomer();
		this.credyt.checkout(URI.create("http://localhost:" + this.port)).pay(customer, "5", TestCheckout.SUCCEEDS, true);
		assertThat(this.topUps.store().paymentMethods(customer)).hasSize(1);
	}

	@Test
	void anAmountThePortalRefusesIsReportedAndCreditsNothing() {
		String customer = this.credyt.newCustomer();
		assertThatIllegalStateException().isThrownBy(() -> this.credyt.checkout(this.mvc).pay(customer, "1000000"))
			.withMessageContaining("The portal refused a top-up of 1000000");
		assertThat(this.credyt.balance(customer)).hasAvailable("0");
	}

}
