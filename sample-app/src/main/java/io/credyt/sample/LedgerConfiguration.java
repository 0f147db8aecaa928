package io.credyt.sample;

import java.util.Map;

import javax.sql.DataSource;

import io.credyt.catalog.Catalog;
import io.credyt.catalog.Product;
import io.credyt.jdbc.JdbcLedger;
import io.credyt.jdbc.LedgerSchema;
import io.credyt.ledger.Ledger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger on the application's data source, pricing one product: an image, {@code $0.25}
 * standard or {@code $0.40} in HD, that costs the operator {@code $0.20} at the model vendor.
 */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

	@Bean
	Ledger ledger(DataSource dataSource) {
		LedgerSchema.initialize(dataSource);
		return new JdbcLedger(dataSource, catalog());
	}

	private static Catalog catalog() {
		return Catalog.builder()
			.product(Product.builder("image")
				.unit("image", "images")
				.dimension("quality", "standard", "hd")
				.price("0.25")
				.price(Map.of("quality", "hd"), "0.40")
				.vendorCost("0.20")
				.build())
			.build();
	}

}
