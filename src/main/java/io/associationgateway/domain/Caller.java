package io.associationgateway.domain;

import java.util.ArrayList;
import java.util.List;

/** The signed-in user behind a request's bearer token, as CloudBase described it. */
public record Caller(String userId, String phoneNumber, String email) {

  /** The caller's own normalised contacts, for deciding what a code proves. */
  public List<String> contacts() {
    var contacts = new ArrayList<String>(2);
    if (this.phoneNumber != null) {
      contacts.add(this.phoneNumber);
    }
    if (this.email != null) {
      contacts.add(this.email);
    }
    return contacts;
  }

  public boolean owns(ContactTarget target) {
    return contacts().contains(target.value());
  }
}
