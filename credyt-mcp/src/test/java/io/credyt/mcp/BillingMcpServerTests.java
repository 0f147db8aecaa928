package io.credyt.mcp;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.UUID;
import java.util.stream.Collectors;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.credyt.ledger.GrantRequest;
import io.credyt.mcp.testapp.McpTestApplication;
import io.credyt.ledger.Ledger;
import io.credyt.ledger.TopUpRequest;
import io.credyt.ledger.UsageEvent;
import io.credyt.ledger.UsageRecord;
import io.credyt.ledger.PageRequest;
import io.credyt.payment.PaymentKind;
import io.credyt.payment.PaymentProvider;
import io.credyt.payment.PaymentRecord;
import io.credyt.payment.PaymentStatus;
import io.credyt.payment.PaymentStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The billing MCP server as an agent uses it: the MCP Java SDK's client over Streamable HTTP
 * against the application on a random port, with the API key in the {@code Authorization} header.
 * The application has Spring Security with Spring Boot's default chain (every request
 * authenticated, CSRF protection on), which the MCP path gets through with a key.
 */
@SpringBootTest(classes = McpTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BillingMcpServerTests {

	static final String KEY = "key_test_0123456789abcdefghijklmnopqrstuv";

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	Ledger ledger;

	@Autowired
	PaymentStore payments;

	@Autowired
	PaymentProvider provider;

	private McpSyncClient client;

	@AfterEach
	void close() {
		if (this.client != null) {
			this.client.closeGracefully();
		}
	}

	@Test
	void anAgentInitializesAndListsEveryToolWithItsInputSchema() {
		McpSyncClient client = client(KEY);
		assertThat(client.getCurrentInitializationResult().serverInfo().name()).isEqualTo("credyt-billing");
		assertThat(client.getCurrentInitializationResult().instructions()).contains("wallet");
		List<Tool> tools = client.listTools().tools();
		assertThat(tools).extracting(Tool::name)
			.containsExactlyInAnyOrder("list_products", "quote_usage", "simulate_usage", "get_customer",
					"list_charges", "list_top_ups", "profitability", "refund_charge", "refund_last_charges",
					"refund_top_up", "gift_credits", "grant_entitlement", "set_overdraft_limit",
					"explain_configuration");
		Map<String, Tool> byName = tools.stream().collect(Collectors.toMap(Tool::name, (tool) -> tool));
		JsonNode refundSchema = json.valueToTree(byName.get("refund_last_charges").inputSchema());
		assertThat(refundSchema.get("properties").propertyNames()).containsExactlyInAnyOrder("customer", "count",
				"reason", "idempotencyKey");
		assertThat(refundSchema.get("required").values()).extracting(JsonNode::asString)
			.containsExactlyInAnyOrder("customer", "count", "reason", "idempotencyKey");
		assertThat(refundSchema.at("/properties/count/description").asString()).contains("1 to 100");
		assertThat(byName.get("refund_last_charges").annotations().destructiveHint()).isTrue();
		assertThat(byName.get("list_products").annotations().readOnlyHint()).isTrue();
		JsonNode configurationSchema = json.valueToTree(byName.get("explain_configuration").inputSchema());
		assertThat(configurationSchema.path("properties").propertyNames()).isEmpty();
	}

	@Test
	void readingToolsDescribeTheCatalogACustomerAndItsMoney() {
		String customer = paidCustomer("10.00", 2);
		topUp(customer, "5.00");

		JsonNode products = call("list_products", Map.of());
		assertThat(products.at("/products/0/code").asString()).isEqualTo("image");
		assertThat(products.at("/products/0/vendorCost").asString()).isEqualTo("0.20");
		assertThat(products.at("/assets/0/code").asString()).isEqualTo("USD");

		JsonNode quote = call("quote_usage",
				Map.of("customer", customer, "product", "image", "quantity", "3", "dimensions", Map.of("quality", "hd")));
		assertThat(new BigDecimal(quote.get("feeToPay").asString())).isEqualByComparingTo("1.20");
		assertThat(quote.get("walletCanPay").asBoolean()).isTrue();

		JsonNode found = call("get_customer", Map.of("customer", customer));
		assertThat(new BigDecimal(found.at("/wallet/0/available").asString())).isEqualByComparingTo("14.50");
		assertThat(found.get("lastUsage")).hasSize(2);

		JsonNode charges = call("list_charges", Map.of("customer", customer, "limit", 10));
		assertThat(charges).hasSize(2);
		assertThat(charges.get(0).get("refunded").asBoolean()).isFalse();

		JsonNode topUps = call("list_top_ups", Map.of("customer", customer));
		assertThat(topUps).hasSize(1);
		assertThat(new BigDecimal(topUps.get(0).get("refundable").asString())).isEqualByComparingTo("5.00");

		JsonNode configuration = call("explain_configuration", Map.of());
		assertThat(configuration.at("/properties/credyt.mcp.api-keys.agent").asString()).isEqualTo("******");
		assertThat(configuration.at("/properties/credyt.products.image.vendor").asString()).isEqualTo("replicate");
		assertThat(configuration.get("paymentsLive").asBoolean()).isFalse();
		assertThat(configuration.get("paymentProvider").asString()).isEqualTo(this.provider.name());
		assertThat(configuration.get("mcpOperator").asString()).isEqualTo("mcp:agent");
	}

	@Test
	void simulateUsageBillsAThrowAwayCustomerAndSaysSo() {
		JsonNode simulation = call("simulate_usage", Map.of("product", "image", "quantity", "2", "dimensions",
				Map.of("quality", "hd"), "startingBalance", "5.00"));
		String customer = simulation.get("customer").asString();
		assertThat(customer).startsWith("mcp-sim-");
		assertThat(simulation.get("note").asString()).contains("append-only");
		assertThat(new BigDecimal(simulation.at("/charge/fee").asString())).isEqualByComparingTo("0.80");
		assertThat(new BigDecimal(simulation.at("/charge/paidWith/promotional").asString()))
			.isEqualByComparingTo("0.80");
		assertThat(this.ledger.balance(customer).available("USD")).isEqualByComparingTo("4.20");
	}

	@Test
	void profitabilityListsTheCustomerWhoCostMoreThanTheyPaidFirst() {
		String promotional = "cust_promo_" + UUID.randomUUID();
		this.ledger.grant(promotional, GrantRequest.promotional("USD", "10.00"));
		for (int i = 0; i < 30; i++) {
			this.ledger.record(UsageEvent.of(promotional + ":" + i, promotional, "image", 1));
		}
		String paid = paidCustomer("10.00", 4);

		JsonNode report = call("profitability", Map.of("days", 30));
		JsonNode first = report.at("/customers/0");
		assertThat(first.get("customer").asString()).isEqualTo(promotional);
		assertThat(new BigDecimal(first.get("margin").asString())).isEqualByComparingTo("-6.00");
		assertThat(report.get("unprofitableCustomers").asLong()).isPositive();
		assertThat(report.findValues("customer")).extracting(JsonNode::asString).contains(paid);
		assertThat(report.at("/totals/events").asLong()).isGreaterThanOrEqualTo(34);
	}

	@Test
	void refundLastChargesRestoresExactlyTheirFeesAndAReplayedKeyRefundsOnce() {
		String customer = paidCustomer("10.00", 5);
		List<UsageRecord> lastThree = this.ledger.usage(customer, PageRequest.of(0, 3)).items();
		BigDecimal fees = lastThree.stream().map(UsageRecord::fee).reduce(BigDecimal.ZERO, BigDecimal::add);
		BigDecimal before = this.ledger.balance(customer).available("USD");
		Map<String, Object> arguments = Map.of("customer", customer, "count", 3, "reason",
				"the images came out blank", "idempotencyKey", "refund-" + customer);

		JsonNode refund = call("refund_last_charges", arguments);
		assertThat(refund.get("refunded").findValues("usageEventId")).extracting(JsonNode::asString)
			.containsExactlyInAnyOrderElementsOf(lastThree.stream().map(UsageRecord::id).toList());
		assertThat(refund.get("operator").asString()).isEqualTo("mcp:agent");
		assertThat(this.ledger.balance(customer).available("USD")).isEqualByComparingTo(before.add(fees));

		JsonNode replay = call("refund_last_charges", arguments);
		assertThat(replay.get("replayed").asBoolean()).isTrue();
		assertThat(this.ledger.balance(customer).available("USD")).isEqualByComparingTo(before.add(fees));
	}

	@Test
	void mutatingToolsChangeBillingAndAnswerWithWhatChanged() {
		String customer = paidCustomer("10.00", 2);
		String charge = this.ledger.usage(customer, PageRequest.of(0, 1)).items().get(0).id();
		String payment = topUp(customer, "5.00");

		JsonNode refunded = call("refund_charge", Map.of("customer", customer, "usageEventId", charge, "reason",
				"duplicate", "idempotencyKey", "rc-" + customer));
		assertThat(new BigDecimal(refunded.get("totalRefunded").asString())).isEqualByComparingTo("0.25");

		JsonNode again = callForError("refund_charge", Map.of("customer", customer, "usageEventId", charge, "reason",
				"duplicate", "idempotencyKey", "rc2-" + customer));
		assertThat(again.toString()).containsIgnoringCase("refund");

		JsonNode gift = call("gift_credits", Map.of("customer", customer, "asset", "USD", "amount", "2.50",
				"expiresInDays", 30, "reason", "sorry", "idempotencyKey", "g-" + customer));
		assertThat(new BigDecimal(gift.get("amount").asString())).isEqualByComparingTo("2.50");
		assertThat(gift.get("operator").asString()).isEqualTo("mcp:agent");

		JsonNode entitlement = call("grant_entitlement", Map.of("customer", customer, "product", "image", "units", "5",
				"period", "month", "idempotencyKey", "e-" + customer));
		assertThat(entitlement.at("/entitlement/period").asString()).isEqualTo("MONTH");
		assertThat(this.ledger.balance(customer).entitled("image")).isEqualByComparingTo("5");

		JsonNode overdraft = call("set_overdraft_limit",
				Map.of("customer", customer, "asset", "USD", "limit", "3.00"));
		assertThat(new BigDecimal(overdraft.get("limit").asString())).isEqualByComparingTo("3.00");

		BigDecimal beforeRefund = this.ledger.balance(customer).available("USD");
		JsonNode topUpRefund = call("refund_top_up", Map.of("customer", customer, "paymentId", payment, "amount",
				"1.00", "reason", "asked for it back", "idempotencyKey", "t-" + customer));
		assertThat(topUpRefund.get("paymentId").asString()).isEqualTo(payment);
		assertThat(topUpRefund.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(this.ledger.balance(customer).available("USD")).isEqualByComparingTo(beforeRefund.subtract(BigDecimal.ONE));
	}

	@Test
	void badInputComesBackAsAToolErrorAndWritesNothing() {
		String customer = paidCustomer("10.00", 0);
		BigDecimal before = this.ledger.balance(customer).available("USD");

		JsonNode unknown = callForError("gift_credits", Map.of("customer", "nobody-" + UUID.randomUUID(), "asset",
				"USD", "amount", "1.00", "reason", "r", "idempotencyKey", "k-" + customer));
		assertThat(unknown.toString()).contains("No customer");

		JsonNode negative = callForError("gift_credits", Map.of("customer", customer, "asset", "USD", "amount",
				"-5.00", "reason", "r", "idempotencyKey", "n-" + customer));
		assertThat(negative.toString()).contains("amount").contains("positive");

		JsonNode tooMany = callForError("refund_last_charges",
				Map.of("customer", customer, "count", 101, "reason", "r", "idempotencyKey", "m-" + customer));
		assertThat(tooMany.toString()).contains("count");

		assertThat(this.ledger.balance(customer).available("USD")).isEqualByComparingTo(before);
		assertThat(this.ledger.adjustments(customer, PageRequest.of(0, 10)).items()).isEmpty();
	}

	@Test
	void aRequestWithoutAKeyOrWithAWrongKeyIsRefusedAndWritesNothing() throws Exception {
		String customer = paidCustomer("10.00", 0);
		String body = """
				{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"gift_credits","arguments":\
				{"customer":"%s","asset":"USD","amount":"100","reason":"r","idempotencyKey":"x"}}}"""
			.formatted(customer);
		HttpClient http = HttpClient.newHttpClient();
		for (String authorization : new String[] { null, "Bearer key_test_wrongwrongwrongwrongwrongwrong",
				"Bearer " + KEY.substring(0, KEY.length() - 1), "Basic " + KEY }) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/mcp"))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer"));
			assertThat(json.readTree(response.body()).at("/error/message").asString()).startsWith("Unauthorized");
		}
		assertThat(this.ledger.balance(customer).available("USD")).isEqualByComparingTo("10.00");
		assertThat(this.ledger.adjustments(customer, PageRequest.of(0, 10)).items()).isEmpty();
	}

	@Test
	void springSecurityGuardsTheRestOfTheApplicationButLetsTheMcpPathThrough() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/anything"))
				.header("Authorization", "Bearer " + KEY)
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isIn(401, 403);
		assertThat(call("list_products", Map.of()).get("products")).isNotEmpty();
	}

	private String paidCustomer(String paid, int images) {
		String customer = "cust_" + UUID.randomUUID();
		this.ledger.grant(customer, GrantRequest.paid("USD", paid));
		for (int i = 0; i < images; i++) {
			this.ledger.record(UsageEvent.of(customer + ":" + i, customer, "image", 1));
		}
		return customer;
	}

	private String topUp(String customer, String amount) {
		String session = "cs_" + UUID.randomUUID();
		String reference = "test_pi_" + UUID.randomUUID(); // a payment reference the test provider issues
		this.ledger.topUp(customer, new TopUpRequest(reference, new BigDecimal(amount), "USD", "USD", null));
		Instant now = Instant.now();
		this.payments.settled(new PaymentRecord(session, customer, PaymentKind.CHECKOUT, this.provider.name(),
				PaymentStatus.SUCCEEDED, new BigDecimal(amount), "USD", reference, null, now, now));
		return session;
	}

	private JsonNode call(String tool, Map<String, Object> arguments) {
		CallToolResult result = client(KEY).callTool(new CallToolRequest(tool, new HashMap<>(arguments)));
		assertThat(result.isError()).as(() -> tool + ": " + text(result)).isNotEqualTo(Boolean.TRUE);
		return json.readTree(text(result));
	}

	private JsonNode callForError(String tool, Map<String, Object> arguments) {
		CallToolResult result = client(KEY).callTool(new CallToolRequest(tool, new HashMap<>(arguments)));
		assertThat(result.isError()).as(() -> tool + ": " + text(result)).isTrue();
		return json.valueToTree(text(result));
	}

	private static String text(CallToolResult result) {
		return result.content()
			.stream()
			.filter(TextContent.class::isInstance)
			.map((content) -> ((TextContent) content).text())
			.collect(Collectors.joining("\n"));
	}

	private McpSyncClient client(String key) {
		if (this.client == null) {
			HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
				.builder("http://localhost:" + this.port)
				.endpoint("/mcp")
				.httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization",
						"Bearer " + key))
				.build();
			this.client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
			this.client.initialize();
		}
		return this.client;
	}


}
