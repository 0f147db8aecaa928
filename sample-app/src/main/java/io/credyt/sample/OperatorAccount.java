package io.credyt.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The operator who may open Credyt's dashboard ({@code /billing/admin}): created at start-up with
 * the {@code BILLING_ADMIN} role when {@code sample.admin.password} (environment variable
 * {@code SAMPLE_ADMIN_PASSWORD}) is set; without it, nobody can open the dashboard.
 */
@Component
class OperatorAccount implements ApplicationRunner {

	static final String ROLE = "BILLING_ADMIN";

	private final UserDetailsManager users;

	private final PasswordEncoder passwordEncoder;

	private final String username;

	private final @Nullable String password;

	OperatorAccount(UserDetailsManager users, PasswordEncoder passwordEncoder,
			@Value("${sample.admin.username:admin}") String username,
			@Value("${sample.admin.password:}") @Nullable String password) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.username = username;
		this.password = password;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!StringUtils.hasText(this.password) || this.users.userExists(this.username)) {
			return;
		}
		this.users.createUser(User.withUsername(this.username)
			.password(this.passwordEncoder.encode(this.password))
			.roles(ROLE)
			.build());
	}

}
