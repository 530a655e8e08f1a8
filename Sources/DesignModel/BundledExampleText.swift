extension BundledExample {
    package static let yaml = #"""
archbench: 1
title: Ride-Hailing Platform
version: 0.4.0
status: review
owners:
  - mobility-platform
  - marta.kowalski
summary: |
  Backend for a ride-hailing service in one country: riders request a ride
  from a fare quote, dispatch matches them with a nearby available driver,
  the trip is tracked from pickup to drop-off, and the rider's card is
  charged through an external payment provider when the trip completes.
requirements:
  business:
    - Riders sign up with a phone number, save card tokens from the payment provider and request rides in 12 cities.
    - A rider sees an up-front fare quote, valid for 2 minutes, before requesting; the charged fare never exceeds the quote by more than 20%.
    - Dispatch offers a request to the best nearby driver within 15 seconds; a driver has 10 seconds to accept before the next driver is tried.
    - Drivers send their position every 4 seconds while online; riders see the assigned driver move on the map.
    - Support agents can look up charges and issue full or partial refunds.
  load:
    peak_rps: 45000
    avg_rps: 12000
    users: 8000000
    data_volume: 6 TB, growing 400 GB a month (location history kept 30 days)
    latency_p99_ms: 250
    availability: 99.95%
  constraints:
    - Card data never touches our systems; only payment provider tokens are stored (PCI DSS SAQ A).
    - Rider and driver personal data stays in the eu-central region (GDPR).
    - Location history is deleted after 30 days unless a trip is under dispute.
    - The team is 14 engineers; no more than 6 deployable services in the first year.
  questions:
    - Do corporate accounts (one bill for many riders) need to be in the first release?
    - Must drivers be able to go online without a network connection for short periods, with pings sent in a batch later?
    - Is cash payment required in any launch city?
api:
  base_url: https://api.ride.example.com
  versioning:
    strategy: url-path
    current: v1
  error_format: application/problem+json (RFC 9457), with a machine-readable `code` member
  auth:
    - name: bearer
      type: jwt
      description: Access tokens for the rider and driver apps, issued by the identity provider after phone verification; 15 minute lifetime, scopes in the `scope` claim.
    - name: staff
      type: oauth2
      description: Authorization-code flow with PKCE for the support console; staff tokens carry support scopes and the agent's id for the audit log.
    - name: internal
      type: mtls
      description: Service-to-service gRPC inside the mesh; certificates issued per service by the mesh CA and rotated every 24 hours.
  rate_limits:
    - name: public-signup
      limit: 10
      window: 1h
      scope: ip
    - name: app-user
      limit: 300
      window: 1m
      scope: user
    - name: location-pings
      limit: 30
      window: 1m
      scope: user
    - name: staff-console
      limit: 600
      window: 1m
      scope: user
services:
  - name: riders
    domain: Rider accounts
    description: Rider sign-up, profiles and saved payment methods.
    responsibilities:
      - Own rider profiles and their verification state.
      - Keep payment provider card tokens and the rider's default method.
      - Answer account-standing checks before a trip is requested.
    datastore: PostgreSQL 16
    stateless: true
    replicas: 3 to 10, scaled on CPU
  - name: drivers
    domain: Driver supply
    description: Driver onboarding, profiles, vehicles and online or offline state.
    responsibilities:
      - Own driver profiles, licences and vehicles.
      - Track whether a driver is offline, online or suspended.
      - Keep driver ratings and completed-trip counts up to date.
    datastore: PostgreSQL 16
    stateless: true
    replicas: 3 to 8, scaled on CPU
    calls:
      - service: dispatch
        style: grpc
        purpose: Tell dispatch when a driver goes online or offline so the driver enters or leaves the matching pool.
  - name: dispatch
    domain: Matching
    description: Ingests driver positions and matches ride requests with available drivers.
    responsibilities:
      - Accept location pings and keep the live index of available drivers by H3 cell.
      - Offer each requested trip to the best nearby driver and handle accept, decline and timeout.
      - Keep 30 days of location history for fare disputes and safety reviews.
    datastore: Redis 7 (live geo index) and PostgreSQL 16 (location history, offers)
    stateless: false
    replicas: 6 to 30, one matching partition per city, scaled on ping rate
    calls:
      - service: trips
        style: event
        purpose: Report the driver who accepted a trip.
        event: driver.assigned
    x_pager: dispatch-primary
  - name: pricing
    domain: Pricing
    description: Fare quotes from city pricing rules and live surge.
    responsibilities:
      - Own pricing rules per city and product.
      - Compute surge multipliers per H3 cell from open requests and available drivers.
      - Issue fare quotes that a trip request can lock.
    datastore: PostgreSQL 16
    stateless: true
    replicas: 3 to 12, scaled on CPU
    calls:
      - service: dispatch
        style: grpc
        purpose: Read counts of available drivers and open requests per cell for surge.
  - name: trips
    domain: Trips
    description: The trip lifecycle from request to completion or cancellation.
    responsibilities:
      - Own trips and their status history.
      - Validate requests against the rider's account standing and a locked fare quote.
      - Publish trip milestones for dispatch, payments and drivers.
    datastore: PostgreSQL 16 with Citus (trips distributed by id)
    stateless: true
    replicas: 4 to 20, scaled on CPU
    calls:
      - service: riders
        style: rest
        purpose: Check the rider's account standing and default payment method before accepting a request.
      - service: pricing
        style: grpc
        purpose: Lock the fare quote named in the request.
      - service: dispatch
        style: event
        purpose: Ask dispatch to find a driver for a new trip.
        event: trip.requested
      - service: payments
        style: queue
        purpose: Have the final fare charged once a trip completes.
        event: trip.completed
      - service: drivers
        style: event
        purpose: Update the driver's completed-trip count and rating.
        event: trip.completed
  - name: payments
    domain: Payments
    description: Charges and refunds through the external payment provider.
    responsibilities:
      - Charge the rider's card token for the final fare of every completed trip.
      - Issue refunds requested by support agents.
      - Reconcile charges against the provider's daily settlement report.
    datastore: PostgreSQL 16
    stateless: true
    replicas: 3 to 6, scaled on queue depth
    calls:
      - service: riders
        style: rest
        purpose: Resolve the payment method token to charge.
      - service: trips
        style: event
        purpose: Report that a trip's fare was captured.
        event: payment.captured
events:
  - name: trip.requested
    producer: trips
    consumers:
      - dispatch
    channel: Kafka topic trips.requested.v1, keyed by city
    delivery: at-least-once
    payload: |
      {"event_id": "e1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", "trip_id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "rider_id": "3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a38", "product": "standard", "pickup": {"lat": 52.52003, "lng": 13.40495, "cell": "881f1d4a9bfffff"}, "requested_at": "2026-11-20T18:04:11Z"}
  - name: driver.assigned
    producer: dispatch
    consumers:
      - trips
    channel: Kafka topic dispatch.assignments.v1, keyed by trip id
    delivery: at-least-once
    payload: |
      {"event_id": "f2b3c4d5-e6f7-4081-92a3-b4c5d6e7f809", "trip_id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "driver_id": "9b7e2d14-6c3a-4f85-b0d9-1e4a7c2f8d65", "vehicle_id": "c4d8e1f2-7a3b-4c9d-8e5f-0a1b2c3d4e5f", "offer_id": "0d9c8b7a-6e5f-4d3c-9b2a-1f0e9d8c7b6a", "eta_seconds": 240, "assigned_at": "2026-11-20T18:04:19Z"}
  - name: trip.completed
    producer: trips
    consumers:
      - payments
      - drivers
    channel: Kafka topic trips.completed.v1, keyed by trip id
    delivery: at-least-once
    payload: |
      {"event_id": "a3c4d5e6-f708-4192-a3b4-c5d6e7f8091a", "trip_id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "rider_id": "3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a38", "driver_id": "9b7e2d14-6c3a-4f85-b0d9-1e4a7c2f8d65", "fare_cents": 1840, "currency": "EUR", "distance_m": 7420, "completed_at": "2026-11-20T18:31:52Z"}
  - name: payment.captured
    producer: payments
    consumers:
      - trips
    channel: Kafka topic payments.captured.v1, keyed by trip id
    delivery: at-least-once
    payload: |
      {"event_id": "b4d5e6f7-0819-42a3-b4c5-d6e7f8091a2b", "charge_id": "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901", "trip_id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "amount_cents": 1840, "currency": "EUR", "captured_at": "2026-11-20T18:32:05Z"}
endpoints:
  - method: POST
    path: /v1/riders
    service: riders
    summary: Sign up as a rider
    description: |
      Public: creates an unverified rider and sends a one-time code by SMS.
      The app then signs in through the identity provider with that code.
    auth: none
    rate_limit: public-signup
    tags:
      - riders
    request:
      content_type: application/json
      example: |
        {"phone": "+4915112345678", "full_name": "Lena Vogt", "email": "lena.vogt@example.com"}
    responses:
      - status: 201
        description: The rider was created; a verification code is on its way.
        example: |
          {"id": "3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a38", "phone": "+4915112345678", "status": "unverified"}
      - status: 400
        description: The body is not valid JSON.
        example: |
          {"type": "https://api.ride.example.com/problems/malformed-body", "title": "Malformed body", "status": 400, "code": "malformed_body"}
      - status: 409
        description: A rider with this phone number exists.
      - status: 422
        description: The phone number or e-mail is not valid.
        example: |
          {"type": "https://api.ride.example.com/problems/invalid-field", "title": "Invalid field", "status": 422, "code": "invalid_phone", "detail": "phone must be in E.164 form"}
      - status: 429
        description: Too many sign-ups from this address.
        example: |
          {"type": "https://api.ride.example.com/problems/rate-limited", "title": "Too many requests", "status": 429, "code": "rate_limited", "retry_after_seconds": 1800}
  - method: GET
    path: /v1/riders/{rider_id}
    service: riders
    summary: Fetch a rider profile
    auth: bearer
    scopes:
      - riders:read
    rate_limit: app-user
    tags:
      - riders
    params:
      - name: rider_id
        in: path
        type: uuid
        required: true
    responses:
      - status: 200
        description: The rider.
        example: |
          {"id": "3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a38", "full_name": "Lena Vogt", "phone": "+4915112345678", "email": "lena.vogt@example.com", "status": "active", "default_payment_method_id": "6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2918"}
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks riders:read or belongs to another rider.
      - status: 404
        description: No such rider.
      - status: 429
        description: Rate limit exceeded.
  - method: PATCH
    path: /v1/riders/{rider_id}
    service: riders
    summary: Update a rider profile
    auth: bearer
    scopes:
      - riders:write
    rate_limit: app-user
    tags:
      - riders
    params:
      - name: rider_id
        in: path
        type: uuid
        required: true
    request:
      content_type: application/merge-patch+json
      example: |
        {"email": "lena@vogt.example.com", "default_payment_method_id": "6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2918"}
    responses:
      - status: 200
        description: The updated rider.
        example: |
          {"id": "3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a38", "full_name": "Lena Vogt", "email": "lena@vogt.example.com", "status": "active", "default_payment_method_id": "6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2918"}
      - status: 400
        description: The body is not valid JSON.
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks riders:write or belongs to another rider.
      - status: 404
        description: No such rider.
      - status: 422
        description: A field is invalid, or the payment method is not the rider's.
        example: |
          {"type": "https://api.ride.example.com/problems/invalid-field", "title": "Invalid field", "status": 422, "code": "unknown_payment_method"}
      - status: 429
        description: Rate limit exceeded.
  - method: POST
    path: /v1/riders/{rider_id}/payment-methods
    service: riders
    summary: Save a card token
    description: |
      The app tokenises the card with the payment provider's SDK and sends only
      the token; the card number never reaches our API.
    auth: bearer
    scopes:
      - payment-methods:write
    rate_limit: app-user
    idempotent: true
    tags:
      - riders
      - payments
    params:
      - name: rider_id
        in: path
        type: uuid
        required: true
      - name: Idempotency-Key
        in: header
        type: string
        required: true
        description: A client-generated UUID; a retry with the same key returns the first result.
    request:
      content_type: application/json
      example: |
        {"psp_token": "pm_1Qx7Lm2eZvKYlo2C", "make_default": true}
    responses:
      - status: 201
        description: The payment method was saved.
        example: |
          {"id": "6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2918", "brand": "visa", "last4": "4242", "is_default": true}
      - status: 400
        description: The body is not valid JSON or the Idempotency-Key header is missing.
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks payment-methods:write or belongs to another rider.
      - status: 404
        description: No such rider.
      - status: 422
        description: The payment provider rejected the token.
        example: |
          {"type": "https://api.ride.example.com/problems/invalid-field", "title": "Invalid field", "status": 422, "code": "psp_token_rejected"}
      - status: 429
        description: Rate limit exceeded.
  - method: DELETE
    path: /v1/riders/{rider_id}/payment-methods/{payment_method_id}
    service: riders
    summary: Remove a saved card
    auth: bearer
    scopes:
      - payment-methods:write
    rate_limit: app-user
    tags:
      - riders
      - payments
    params:
      - name: rider_id
        in: path
        type: uuid
        required: true
      - name: payment_method_id
        in: path
        type: uuid
        required: true
    responses:
      - status: 204
        description: Removed; the token is detached at the payment provider.
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks payment-methods:write or belongs to another rider.
      - status: 404
        description: No such rider or payment method.
      - status: 409
        description: The method is needed for a trip that is not yet paid.
      - status: 429
        description: Rate limit exceeded.
  - method: GET
    path: /v1/drivers/{driver_id}
    service: drivers
    summary: Fetch a driver's public profile
    description: |
      What a rider sees about the assigned driver: first name, photo, rating
      and the active vehicle.
    auth: bearer
    scopes:
      - drivers:read
    rate_limit: app-user
    tags:
      - drivers
    params:
      - name: driver_id
        in: path
        type: uuid
        required: true
    responses:
      - status: 200
        description: The driver.
        example: |
          {"id": "9b7e2d14-6c3a-4f85-b0d9-1e4a7c2f8d65", "first_name": "Jonas", "rating": 4.91, "vehicle": {"id": "c4d8e1f2-7a3b-4c9d-8e5f-0a1b2c3d4e5f", "plate": "B-RH 4821", "make": "Toyota", "model": "Corolla", "colour": "grey"}}
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks drivers:read.
      - status: 404
        description: No such driver.
      - status: 429
        description: Rate limit exceeded.
  - method: PATCH
    path: /v1/drivers/{driver_id}
    service: drivers
    summary: Go online or offline
    auth: bearer
    scopes:
      - drivers:write
    rate_limit: app-user
    tags:
      - drivers
    params:
      - name: driver_id
        in: path
        type: uuid
        required: true
    request:
      content_type: application/merge-patch+json
      example: |
        {"availability": "online", "vehicle_id": "c4d8e1f2-7a3b-4c9d-8e5f-0a1b2c3d4e5f"}
    responses:
      - status: 200
        description: The driver's new state.
        example: |
          {"id": "9b7e2d14-6c3a-4f85-b0d9-1e4a7c2f8d65", "availability": "online", "vehicle_id": "c4d8e1f2-7a3b-4c9d-8e5f-0a1b2c3d4e5f"}
      - status: 400
        description: The body is not valid JSON.
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks drivers:write, belongs to another driver, or the driver is suspended.
      - status: 404
        description: No such driver.
      - status: 422
        description: Unknown availability value, or the vehicle is not the driver's.
        example: |
          {"type": "https://api.ride.example.com/problems/invalid-field", "title": "Invalid field", "status": 422, "code": "vehicle_not_owned"}
      - status: 429
        description: Rate limit exceeded.
  - method: POST
    path: /v1/location-pings
    service: dispatch
    summary: Report driver positions
    description: |
      The driver app sends its position every 4 seconds, batching up to 8
      pings when the connection was lost. Accepted asynchronously.
    auth: bearer
    scopes:
      - locations:write
    rate_limit: location-pings
    tags:
      - dispatch
    request:
      content_type: application/json
      example: |
        {"pings": [{"lat": 52.52003, "lng": 13.40495, "heading": 87, "speed_mps": 11.2, "recorded_at": "2026-11-20T18:05:02Z"}]}
    responses:
      - status: 202
        description: The pings were accepted.
        example: |
          {"accepted": 1}
      - status: 400
        description: The body is not valid JSON.
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks locations:write or the driver is offline.
      - status: 422
        description: More than 8 pings, or a ping older than 2 minutes.
        example: |
          {"type": "https://api.ride.example.com/problems/invalid-field", "title": "Invalid field", "status": 422, "code": "ping_too_old"}
      - status: 429
        description: Pings sent faster than the app should.
  - method: PATCH
    path: /v1/offers/{offer_id}
    service: dispatch
    summary: Accept or decline a trip offer
    auth: bearer
    scopes:
      - offers:write
    rate_limit: app-user
    tags:
      - dispatch
    params:
      - name: offer_id
        in: path
        type: uuid
        required: true
    request:
      content_type: application/merge-patch+json
      example: |
        {"outcome": "accepted"}
    responses:
      - status: 200
        description: The offer with its outcome.
        example: |
          {"id": "0d9c8b7a-6e5f-4d3c-9b2a-1f0e9d8c7b6a", "trip_id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "outcome": "accepted"}
      - status: 400
        description: The body is not valid JSON.
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks offers:write or the offer went to another driver.
      - status: 404
        description: No such offer.
      - status: 409
        description: The offer expired or the trip was cancelled.
      - status: 422
        description: The outcome is neither accepted nor declined.
      - status: 429
        description: Rate limit exceeded.
  - method: POST
    path: /v1/fare-quotes
    service: pricing
    summary: Quote a fare
    auth: bearer
    scopes:
      - quotes:write
    rate_limit: app-user
    tags:
      - pricing
    request:
      content_type: application/json
      example: |
        {"product": "standard", "pickup": {"lat": 52.52003, "lng": 13.40495}, "dropoff": {"lat": 52.50722, "lng": 13.39021}}
    responses:
      - status: 201
        description: The quote, valid for 2 minutes.
        example: |
          {"id": "a7b3c9d1-2e4f-4a6b-8c0d-1e2f3a4b5c6d", "fare_cents": 1790, "currency": "EUR", "surge_multiplier": 1.2, "expires_at": "2026-11-20T18:06:11Z"}
      - status: 400
        description: The body is not valid JSON.
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks quotes:write.
      - status: 422
        description: Pickup outside a served city, or an unknown product.
        example: |
          {"type": "https://api.ride.example.com/problems/not-served", "title": "Area not served", "status": 422, "code": "outside_service_area"}
      - status: 429
        description: Rate limit exceeded.
  - method: GET
    path: /v1/fare-estimates
    service: pricing
    summary: Estimate a fare (deprecated)
    description: |
      Deprecated: replaced by POST /v1/fare-quotes, which returns a quote that
      a trip request can lock. This endpoint returns an unlocked estimate only,
      sends a Sunset header and is removed after 2027-03-31.
    auth: bearer
    scopes:
      - quotes:write
    rate_limit: app-user
    deprecated: true
    tags:
      - pricing
    params:
      - name: pickup_lat
        in: query
        type: number
        required: true
      - name: pickup_lng
        in: query
        type: number
        required: true
      - name: dropoff_lat
        in: query
        type: number
        required: true
      - name: dropoff_lng
        in: query
        type: number
        required: true
    responses:
      - status: 200
        description: An estimate range.
        example: |
          {"min_cents": 1600, "max_cents": 2100, "currency": "EUR"}
      - status: 400
        description: A coordinate is missing or not a number.
        example: |
          {"type": "https://api.ride.example.com/problems/bad-parameter", "title": "Bad parameter", "status": 400, "code": "bad_parameter", "detail": "pickup_lat is required"}
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks quotes:write.
      - status: 422
        description: Pickup outside a served city.
      - status: 429
        description: Rate limit exceeded.
  - method: POST
    path: /v1/trips
    service: trips
    summary: Request a ride
    description: |
      Locks the quote, checks the rider's standing and publishes
      trip.requested. Safe to retry with the same Idempotency-Key header: a
      retry returns the trip created by the first call.
    auth: bearer
    scopes:
      - trips:write
    rate_limit: app-user
    idempotent: true
    tags:
      - trips
    params:
      - name: Idempotency-Key
        in: header
        type: string
        required: true
        description: A client-generated UUID, kept for 24 hours.
    request:
      content_type: application/json
      example: |
        {"quote_id": "a7b3c9d1-2e4f-4a6b-8c0d-1e2f3a4b5c6d", "payment_method_id": "6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2918", "pickup_note": "Main entrance"}
    responses:
      - status: 201
        description: The trip was requested; dispatch is looking for a driver.
        example: |
          {"id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "status": "requested", "quote_id": "a7b3c9d1-2e4f-4a6b-8c0d-1e2f3a4b5c6d", "fare_cents": 1790, "currency": "EUR", "requested_at": "2026-11-20T18:04:11Z"}
      - status: 400
        description: The body is not valid JSON or the Idempotency-Key header is missing.
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks trips:write or the rider account is blocked.
      - status: 409
        description: The rider already has an active trip.
      - status: 422
        description: The quote expired or belongs to another rider.
        example: |
          {"type": "https://api.ride.example.com/problems/quote-expired", "title": "Quote expired", "status": 422, "code": "quote_expired"}
      - status: 429
        description: Rate limit exceeded.
  - method: GET
    path: /v1/trips
    service: trips
    summary: List my trips
    description: |
      The caller's trips, newest first. Riders see trips they took, drivers
      trips they drove.
    auth: bearer
    scopes:
      - trips:read
    rate_limit: app-user
    tags:
      - trips
    params:
      - name: status
        in: query
        type: string
        required: false
        description: Filter by status, e.g. completed or cancelled.
      - name: cursor
        in: query
        type: string
        required: false
        description: Opaque cursor from the previous page's next_cursor.
      - name: limit
        in: query
        type: integer
        required: false
        description: Page size, 1 to 50; default 20.
    responses:
      - status: 200
        description: One page of trips.
        example: |
          {"items": [{"id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "status": "completed", "fare_cents": 1840, "currency": "EUR", "requested_at": "2026-11-20T18:04:11Z"}], "next_cursor": "eyJyIjoiMjAyNi0xMS0yMFQxODowNDoxMVoifQ"}
      - status: 400
        description: Bad cursor, limit or status.
        example: |
          {"type": "https://api.ride.example.com/problems/bad-parameter", "title": "Bad parameter", "status": 400, "code": "bad_parameter", "detail": "limit must be between 1 and 50"}
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks trips:read.
      - status: 429
        description: Rate limit exceeded.
  - method: GET
    path: /v1/trips/{trip_id}
    service: trips
    summary: Fetch one trip
    auth: bearer
    scopes:
      - trips:read
    rate_limit: app-user
    tags:
      - trips
    params:
      - name: trip_id
        in: path
        type: uuid
        required: true
    responses:
      - status: 200
        description: The trip, with the assigned driver once there is one.
        example: |
          {"id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "status": "driver_assigned", "driver_id": "9b7e2d14-6c3a-4f85-b0d9-1e4a7c2f8d65", "vehicle_id": "c4d8e1f2-7a3b-4c9d-8e5f-0a1b2c3d4e5f", "eta_seconds": 240, "fare_cents": 1790, "currency": "EUR"}
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks trips:read.
      - status: 404
        description: No such trip, or not the caller's.
      - status: 429
        description: Rate limit exceeded.
  - method: PATCH
    path: /v1/trips/{trip_id}
    service: trips
    summary: Advance or cancel a trip
    description: |
      The driver moves the trip to arrived, in_progress or completed; the rider
      or the driver may cancel it before pickup. Other transitions are refused.
    auth: bearer
    scopes:
      - trips:write
    rate_limit: app-user
    tags:
      - trips
    params:
      - name: trip_id
        in: path
        type: uuid
        required: true
      - name: If-Match
        in: header
        type: string
        required: false
        description: The trip's ETag; guards against two devices changing the same trip.
    request:
      content_type: application/merge-patch+json
      example: |
        {"status": "cancelled", "cancel_reason": "rider_changed_plans"}
    responses:
      - status: 200
        description: The trip in its new state.
        example: |
          {"id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "status": "cancelled", "cancel_reason": "rider_changed_plans", "cancellation_fee_cents": 0}
      - status: 400
        description: The body is not valid JSON.
      - status: 401
        description: Missing or expired token.
      - status: 403
        description: The token lacks trips:write, or the caller may not make this transition.
      - status: 404
        description: No such trip, or not the caller's.
      - status: 409
        description: The trip changed since the given ETag.
      - status: 422
        description: The transition is not allowed from the current status.
        example: |
          {"type": "https://api.ride.example.com/problems/bad-transition", "title": "Transition not allowed", "status": 422, "code": "bad_transition", "detail": "a completed trip cannot be cancelled"}
      - status: 429
        description: Rate limit exceeded.
  - method: GET
    path: /v1/charges/{charge_id}
    service: payments
    summary: Fetch a charge (support)
    auth: staff
    scopes:
      - support:payments:read
    rate_limit: staff-console
    tags:
      - payments
      - support
    params:
      - name: charge_id
        in: path
        type: uuid
        required: true
    responses:
      - status: 200
        description: The charge with its refunds.
        example: |
          {"id": "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901", "trip_id": "5e1f8a2b-3c4d-4e6f-9a0b-7c8d9e0f1a2b", "amount_cents": 1840, "currency": "EUR", "status": "captured", "refunds": []}
      - status: 401
        description: Missing or expired staff token.
      - status: 403
        description: The agent lacks support:payments:read.
      - status: 404
        description: No such charge.
      - status: 429
        description: Rate limit exceeded.
  - method: POST
    path: /v1/charges/{charge_id}/refunds
    service: payments
    summary: Refund a charge (support)
    description: |
      Full or partial refund through the payment provider. Safe to retry with
      the same Idempotency-Key header; the total refunded never exceeds the
      captured amount.
    auth: staff
    scopes:
      - support:refunds:write
    rate_limit: staff-console
    idempotent: true
    tags:
      - payments
      - support
    params:
      - name: charge_id
        in: path
        type: uuid
        required: true
      - name: Idempotency-Key
        in: header
        type: string
        required: true
    request:
      content_type: application/json
      example: |
        {"amount_cents": 500, "reason": "route_detour"}
    responses:
      - status: 201
        description: The refund was created.
        example: |
          {"id": "8e7d6c5b-4a39-4281-9f0e-d1c2b3a4f5e6", "charge_id": "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901", "amount_cents": 500, "status": "pending"}
      - status: 400
        description: The body is not valid JSON or the Idempotency-Key header is missing.
      - status: 401
        description: Missing or expired staff token.
      - status: 403
        description: The agent lacks support:refunds:write.
      - status: 404
        description: No such charge.
      - status: 422
        description: The amount exceeds what is left to refund.
        example: |
          {"type": "https://api.ride.example.com/problems/refund-too-large", "title": "Refund too large", "status": 422, "code": "refund_exceeds_capture", "detail": "at most 1340 cents can still be refunded"}
      - status: 429
        description: Rate limit exceeded.
tables:
  - name: riders
    service: riders
    description: One row a rider account.
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: phone
        type: text
        nullable: false
        unique: true
        pii: true
        description: E.164 form; encrypted, with a keyed hash for the unique lookup.
      - name: full_name
        type: text
        nullable: false
        pii: true
      - name: email
        type: text
        unique: true
        pii: true
      - name: status
        type: text
        nullable: false
        default: "'unverified'"
        description: unverified, active or blocked.
      - name: created_at
        type: timestamptz
        nullable: false
        default: now()
    estimated_rows: 8000000
  - name: payment_methods
    service: riders
    description: Payment provider card tokens; never card numbers.
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: rider_id
        type: uuid
        nullable: false
        references: riders.id
        on_delete: cascade
      - name: psp_token
        type: text
        nullable: false
        unique: true
        description: The payment provider's reference for the card, encrypted with a KMS key; card data stays with the provider.
      - name: brand
        type: text
        nullable: false
      - name: last4
        type: char(4)
        nullable: false
      - name: is_default
        type: boolean
        nullable: false
        default: "false"
      - name: created_at
        type: timestamptz
        nullable: false
        default: now()
    indexes:
      - name: payment_methods_rider_id_idx
        columns:
          - rider_id
      - name: payment_methods_one_default_idx
        columns:
          - rider_id
        unique: true
        where: is_default
    estimated_rows: 11000000
  - name: drivers
    service: drivers
    description: One row a driver, from application to deactivation.
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: phone
        type: text
        nullable: false
        unique: true
        pii: true
      - name: full_name
        type: text
        nullable: false
        pii: true
      - name: licence_number
        type: text
        nullable: false
        unique: true
        pii: true
      - name: status
        type: text
        nullable: false
        default: "'pending_review'"
        description: pending_review, active or suspended.
      - name: availability
        type: text
        nullable: false
        default: "'offline'"
      - name: rating
        type: numeric(3,2)
      - name: completed_trips
        type: integer
        nullable: false
        default: "0"
      - name: created_at
        type: timestamptz
        nullable: false
        default: now()
    indexes:
      - name: drivers_status_availability_idx
        columns:
          - status
          - availability
    estimated_rows: 400000
  - name: vehicles
    service: drivers
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: driver_id
        type: uuid
        nullable: false
        references: drivers.id
        on_delete: cascade
      - name: plate
        type: text
        nullable: false
        unique: true
      - name: make
        type: text
        nullable: false
      - name: model
        type: text
        nullable: false
      - name: colour
        type: text
        nullable: false
      - name: product
        type: text
        nullable: false
        default: "'standard'"
        description: The ride product the vehicle qualifies for (standard, xl, premium).
      - name: active
        type: boolean
        nullable: false
        default: "true"
    indexes:
      - name: vehicles_driver_id_idx
        columns:
          - driver_id
    estimated_rows: 450000
  - name: location_pings
    service: dispatch
    description: Driver position history for fare disputes and safety reviews; the live index is in Redis.
    columns:
      - name: driver_id
        type: uuid
        description: A driver of the drivers service; not a foreign key across services.
      - name: recorded_at
        type: timestamptz
      - name: lat
        type: double precision
        nullable: false
        pii: true
      - name: lng
        type: double precision
        nullable: false
        pii: true
      - name: h3_cell
        type: text
        nullable: false
      - name: trip_id
        type: uuid
        description: The trip in progress, if any.
    primary_key:
      - driver_id
      - recorded_at
    indexes:
      - name: location_pings_trip_id_idx
        columns:
          - trip_id
        where: trip_id IS NOT NULL
      - name: location_pings_recorded_at_brin
        columns:
          - recorded_at
        kind: brin
    partitioning:
      strategy: range
      key:
        - recorded_at
      note: Daily partitions; a partition older than 30 days is dropped unless it holds a trip under dispute, whose pings are copied out first.
    estimated_rows: 3000000000
  - name: dispatch_offers
    service: dispatch
    description: Every offer of a trip to a driver and how the driver answered.
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: trip_id
        type: uuid
        nullable: false
        description: From trip.requested; the trips table belongs to the trips service.
      - name: driver_id
        type: uuid
        nullable: false
      - name: offered_at
        type: timestamptz
        nullable: false
        default: now()
      - name: outcome
        type: text
        nullable: false
        default: "'pending'"
        description: pending, accepted, declined or expired.
      - name: responded_at
        type: timestamptz
    indexes:
      - name: dispatch_offers_trip_id_idx
        columns:
          - trip_id
      - name: dispatch_offers_driver_id_offered_at_idx
        columns:
          - driver_id
          - offered_at
      - name: dispatch_offers_one_accepted_idx
        columns:
          - trip_id
        unique: true
        where: outcome = 'accepted'
    estimated_rows: 240000000
  - name: pricing_rules
    service: pricing
    description: Base fare, per-kilometre and per-minute rates per city and product.
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: city_code
        type: text
        nullable: false
      - name: product
        type: text
        nullable: false
      - name: base_cents
        type: integer
        nullable: false
      - name: per_km_cents
        type: integer
        nullable: false
      - name: per_minute_cents
        type: integer
        nullable: false
      - name: minimum_cents
        type: integer
        nullable: false
      - name: effective_from
        type: timestamptz
        nullable: false
    indexes:
      - name: pricing_rules_city_product_effective_idx
        columns:
          - city_code
          - product
          - effective_from
        unique: true
    estimated_rows: 400
  - name: fare_quotes
    service: pricing
    description: Quotes issued to riders; kept 7 days, then deleted.
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: rule_id
        type: uuid
        nullable: false
        references: pricing_rules.id
        on_delete: restrict
      - name: rider_id
        type: uuid
        nullable: false
      - name: pickup_cell
        type: text
        nullable: false
      - name: dropoff_cell
        type: text
        nullable: false
      - name: surge_multiplier
        type: numeric(4,2)
        nullable: false
        default: "1.00"
      - name: fare_cents
        type: integer
        nullable: false
      - name: currency
        type: char(3)
        nullable: false
      - name: locked_at
        type: timestamptz
      - name: expires_at
        type: timestamptz
        nullable: false
    indexes:
      - name: fare_quotes_rule_id_idx
        columns:
          - rule_id
      - name: fare_quotes_expires_at_idx
        columns:
          - expires_at
        kind: brin
    estimated_rows: 35000000
  - name: trips
    service: trips
    description: One row a ride request, from request to completion or cancellation.
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: rider_id
        type: uuid
        nullable: false
        description: A rider of the riders service; not a foreign key across services.
      - name: driver_id
        type: uuid
      - name: vehicle_id
        type: uuid
      - name: quote_id
        type: uuid
        nullable: false
        description: A quote of the pricing service; pricing refuses to lock a quote twice.
      - name: status
        type: text
        nullable: false
        default: "'requested'"
        description: requested, driver_assigned, arrived, in_progress, completed or cancelled.
      - name: pickup_address
        type: text
        nullable: false
        pii: true
      - name: dropoff_address
        type: text
        nullable: false
        pii: true
      - name: fare_cents
        type: integer
        nullable: false
      - name: currency
        type: char(3)
        nullable: false
      - name: requested_at
        type: timestamptz
        nullable: false
        default: now()
      - name: completed_at
        type: timestamptz
    indexes:
      - name: trips_rider_id_requested_at_idx
        columns:
          - rider_id
          - requested_at
      - name: trips_driver_id_requested_at_idx
        columns:
          - driver_id
          - requested_at
      - name: trips_active_idx
        columns:
          - status
        where: status NOT IN ('completed', 'cancelled')
    sharding:
      strategy: hash
      key:
        - id
      shards: 32
      note: Citus distributed table; trip_status_changes is co-located on trip_id, so the foreign key and its joins stay on one shard. Rider and driver history queries fan out to all shards and are served from the trip-history cache.
    estimated_rows: 500000000
  - name: trip_status_changes
    service: trips
    description: Append-only history of a trip's status, for support and disputes.
    columns:
      - name: trip_id
        type: uuid
        references: trips.id
        on_delete: cascade
      - name: seq
        type: integer
      - name: status
        type: text
        nullable: false
      - name: actor
        type: text
        nullable: false
        description: rider, driver, dispatch or support.
      - name: at
        type: timestamptz
        nullable: false
        default: now()
    primary_key:
      - trip_id
      - seq
    sharding:
      strategy: hash
      key:
        - trip_id
      shards: 32
      note: Co-located with trips, so each trip and its history live on the same worker.
    estimated_rows: 3000000000
  - name: charges
    service: payments
    description: One charge a completed trip.
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: trip_id
        type: uuid
        nullable: false
        unique: true
        description: From trip.completed; the unique key makes a redelivered event harmless.
      - name: rider_id
        type: uuid
        nullable: false
      - name: payment_method_id
        type: uuid
        nullable: false
        description: A payment method of the riders service; not a foreign key across services.
      - name: psp_charge_id
        type: text
        unique: true
      - name: amount_cents
        type: integer
        nullable: false
      - name: currency
        type: char(3)
        nullable: false
      - name: status
        type: text
        nullable: false
        default: "'pending'"
        description: pending, captured, failed or refunded.
      - name: created_at
        type: timestamptz
        nullable: false
        default: now()
      - name: captured_at
        type: timestamptz
    indexes:
      - name: charges_rider_id_created_at_idx
        columns:
          - rider_id
          - created_at
      - name: charges_pending_idx
        columns:
          - created_at
        where: status = 'pending'
    estimated_rows: 480000000
  - name: refunds
    service: payments
    columns:
      - name: id
        type: uuid
        primary_key: true
      - name: charge_id
        type: uuid
        nullable: false
        references: charges.id
        on_delete: restrict
      - name: amount_cents
        type: integer
        nullable: false
      - name: reason
        type: text
        nullable: false
      - name: agent_id
        type: uuid
        nullable: false
        description: The support agent who issued the refund, from the staff token.
      - name: status
        type: text
        nullable: false
        default: "'pending'"
      - name: created_at
        type: timestamptz
        nullable: false
        default: now()
    indexes:
      - name: refunds_charge_id_idx
        columns:
          - charge_id
    estimated_rows: 6000000
flows:
  - name: ride-request
    description: A rider requests a ride on a locked fare quote; dispatch offers it to nearby drivers and the trip learns who accepted.
    trigger: endpoint:POST /v1/trips
    consistency: outbox
    steps:
      - from: client
        to: service:trips
        action: POST /v1/trips with the fare quote id and an Idempotency-Key header.
        style: rest
        idempotent: true
      - from: trips
        to: service:riders
        action: Check the rider's account standing and default payment method.
        style: rest
        timeout: 80ms
      - from: trips
        to: service:pricing
        action: Lock the fare quote named in the request.
        style: grpc
        timeout: 80ms
      - from: trips
        to: table:trips
        action: Insert the trip as requested, its first status change and the outbox row in one transaction.
        access: write
      - from: trips
        to: event:trip.requested
        action: The outbox relay publishes trip.requested, keyed by city.
        style: event
        async: true
      - from: dispatch
        to: table:dispatch_offers
        action: Offer the trip to the best nearby driver; on a decline or after 10 seconds, to the next one.
        access: write
        idempotent: true
        async: true
      - from: dispatch
        to: event:driver.assigned
        action: Publish the driver who accepted.
        style: event
        async: true
      - from: trips
        to: table:trips
        action: Record the assigned driver and vehicle; the rider's app shows them on its next poll.
        access: write
        idempotent: true
        async: true
    failure: A rider in bad standing or with an expired quote gets 422 and no trip is created; when no driver accepts within 15 seconds the trip is cancelled and the rider is told.
  - name: trip-completion
    description: The driver ends the trip; the fare is captured through the payment provider and the trip learns it was paid.
    trigger: endpoint:PATCH /v1/trips/{trip_id}
    consistency: outbox
    steps:
      - from: client
        to: service:trips
        action: The driver's app sends PATCH /v1/trips/{trip_id} with status completed and the final distance.
        style: rest
      - from: trips
        to: table:trips
        action: Set the trip completed with its final fare, and write its status change and the outbox row in one transaction.
        access: write
        compensation: Mark the trip payment_failed and hand it to support when the capture is declined.
      - from: trips
        to: event:trip.completed
        action: The outbox relay puts trip.completed on the payments queue and tells drivers.
        style: queue
        async: true
      - from: payments
        to: service:riders
        action: Resolve the rider's default payment method token.
        style: rest
        timeout: 200ms
        idempotent: true
      - from: payments
        to: external:payment-provider
        action: Capture the fare on the card token, with the trip id as the idempotency key.
        timeout: 5s
        idempotent: true
      - from: payments
        to: table:charges
        action: Record the captured charge and its outbox row.
        access: write
        idempotent: true
      - from: payments
        to: event:payment.captured
        action: The outbox relay publishes payment.captured.
        style: event
        async: true
      - from: trips
        to: table:trip_status_changes
        action: Record that the fare was paid.
        access: write
        idempotent: true
        async: true
    failure: The driver's app gets 200 as soon as the trip is completed; a declined capture never reaches the rider's trip screen, support follows it up from the payment_failed status.
stack:
  - area: Language
    choice: Go 1.23
    rationale: Low-latency services with small memory per replica; mature gRPC, Kafka and H3 libraries; the team's main language.
    alternatives:
      - name: Kotlin on the JVM
        tradeoff: Richer frameworks and coroutines; higher memory per replica and slower start during scale-out.
      - name: Rust
        tradeoff: Best tail latency for location ingest; slower delivery and few people on the team know it.
  - area: Primary database
    choice: PostgreSQL 16, with Citus for trips
    rationale: Transactions for trip state and payments; declarative partitioning for location history; Citus shards trips without leaving PostgreSQL.
    alternatives:
      - name: CockroachDB
        tradeoff: Automatic sharding and multi-region; higher write latency and licence cost.
      - name: Cassandra for location history
        tradeoff: Cheap writes at scale; another database to run and no ad-hoc queries for disputes.
  - area: Messaging
    choice: Kafka
    rationale: Durable, ordered, replayable trip events per key for several consumers; handles the location fan-out.
    alternatives:
      - name: NATS JetStream
        tradeoff: Simpler to run and lower latency; smaller ecosystem for connectors and schema registry.
      - name: RabbitMQ
        tradeoff: Flexible routing; no replay and weaker ordering per key.
  - area: Geo index and cache
    choice: Redis 7 with GEO commands, keyed by H3 cell
    rationale: Sub-millisecond nearby-driver queries and expiring entries when pings stop.
    alternatives:
      - name: PostGIS
        tradeoff: Rich spatial queries; cannot take 40k position writes a second on one primary.
      - name: Elasticsearch geo queries
        tradeoff: Powerful search; refresh delay makes positions stale and it is heavy to run.
  - area: API gateway
    choice: Envoy Gateway on Kubernetes
    rationale: JWT validation, per-user rate limits and gRPC transcoding in one place, and the same Envoy as the service mesh.
    alternatives:
      - name: Kong
        tradeoff: Many plugins and an admin UI; a second proxy technology next to the mesh.
      - name: Managed cloud API gateway
        tradeoff: No servers to run; per-request pricing is high at 45k requests a second.
deployment: |
  Kubernetes in eu-central over three availability zones, one namespace per
  service, each service with its own database. Envoy Gateway terminates TLS
  and validates tokens; services talk gRPC over mTLS in the mesh. Deploys are
  canary releases (5%, 25%, 100%) gated on error rate and p99 latency.
  Dispatch runs one matching partition per city as a StatefulSet so a city's
  open requests live on one replica. Infrastructure is Terraform; secrets
  come from the cloud KMS through the External Secrets operator.
scaling:
  bottlenecks:
    - name: location-ingest
      description: Online drivers send about 40k pings a second at the evening peak, 90% of all requests.
      affects:
        - endpoint:POST /v1/location-pings
        - table:location_pings
        - service:dispatch
      mitigation: The gateway hands pings straight to dispatch, which updates Redis synchronously and writes history in 1 second batches with COPY into the daily partition; pings beyond the rate limit are dropped.
    - name: matching-hot-cells
      description: Concert exits and airports put hundreds of requests into a few H3 cells within minutes.
      affects:
        - service:dispatch
        - event:trip.requested
        - table:dispatch_offers
      mitigation: Batch matching every 2 seconds per hot cell instead of first come first served, surge pricing to damp demand, and widening the search ring step by step.
    - name: trip-state-writes
      description: Each trip changes status five or six times, and every change is read back by two apps polling or streaming.
      affects:
        - endpoint:PATCH /v1/trips/{trip_id}
        - table:trips
        - table:trip_status_changes
      mitigation: Trips sharded by id over 32 Citus workers; apps get changes over a push channel instead of polling; history reads come from the trip-history cache.
  caches:
    - name: available-drivers
      layer: redis
      what: Available drivers per H3 cell with position, product and heading.
      ttl: 30s
      invalidation: Overwritten by every ping; a driver who goes offline or accepts an offer is removed at once; entries expire when pings stop.
      serves:
        - service:dispatch
        - service:pricing
    - name: pricing-rules
      layer: application
      what: Active pricing rules per city and product, held in each pricing replica.
      ttl: 5m
      invalidation: Reloaded on a rules-changed notification from the admin tool; the TTL bounds staleness if one is missed.
      serves:
        - endpoint:POST /v1/fare-quotes
        - table:pricing_rules
    - name: trip-history
      layer: redis
      what: The first page of each rider's and driver's trip list, keyed by user.
      ttl: 10m
      invalidation: Deleted when one of the user's trips completes or is cancelled.
      serves:
        - endpoint:GET /v1/trips
  load_balancing: |
    A regional L4 load balancer spreads connections across Envoy Gateway pods in
    three zones; Envoy balances by least requests across service replicas, and
    location pings are routed by city header to that city's dispatch
    partition. Health checks every 5s remove a failing replica within 15s.
  failover: |
    PostgreSQL runs a synchronous standby in a second zone with automatic
    failover (Patroni); Citus workers each have a standby. Redis runs as a
    cluster with one replica a shard; after losing a shard the geo index is
    rebuilt from the next 4 seconds of pings. Kafka keeps three replicas of every
    topic with min.insync.replicas 2. If a dispatch partition dies, its city
    moves to a standby replica, which rebuilds open requests from Kafka.
  monitoring:
    - signal: p99 latency of POST /v1/trips
      target: under 250 ms
      alert: Page on-call when above target for 5 minutes.
    - signal: Time from trip.requested to driver.assigned, p95 per city
      target: under 30 s
      alert: Page dispatch on-call when above target for 10 minutes in any city.
    - signal: Consumer lag of payments on trips.completed.v1
      target: under 2000 messages
      alert: Ticket when above target for 15 minutes; page above 20000.
    - signal: Location pings dropped or rejected
      target: under 1% of pings
      alert: Page dispatch on-call when above target for 5 minutes.
  notes: |
    Load tests replay a recorded Friday evening at 2x before each major
    release. Capacity is planned per city; the largest city is a third of all
    traffic.
security:
  - TLS 1.3 at the edge with HSTS; mTLS between all services in the mesh.
  - PII columns (names, phone numbers, e-mail addresses, licence numbers, trip addresses and positions) are encrypted at rest with envelope encryption through the cloud KMS, one key per service; database volumes and backups are encrypted as well.
  - Card data never reaches our systems; the apps tokenise cards with the payment provider's SDK and we store only tokens.
  - Riders and drivers call each other through masked proxy numbers; neither sees the other's phone number.
  - Every support action (charge lookup, refund) is written to an append-only audit log with the agent's id from the staff token.
  - Location history is deleted after 30 days and trip addresses are pseudonymised after 2 years; data subject requests are served within 30 days.
  - Secrets come from the cloud KMS through the External Secrets operator, never from images or environment files in git.
phases:
  - name: Accounts and supply
    goal: Riders and drivers can sign up, drivers can go online and send positions.
    includes:
      - service:riders
      - service:drivers
      - endpoint:POST /v1/riders
      - endpoint:POST /v1/location-pings
      - table:location_pings
  - name: Request and match
    goal: A rider gets a quote, requests a ride and is matched with a driver in one pilot city.
    includes:
      - service:pricing
      - service:dispatch
      - service:trips
      - event:trip.requested
      - event:driver.assigned
      - cache:available-drivers
      - flow:ride-request
  - name: Pay and scale out
    goal: Completed trips are charged, support can refund, and the platform opens in all 12 cities.
    includes:
      - service:payments
      - event:trip.completed
      - event:payment.captured
      - cache:trip-history
      - flow:trip-completion
      - bottleneck:matching-hot-cells
comments:
  - id: 1
    element: table:location_pings
    author: priya
    at: 2026-11-18T14:20:00Z
    text: Is 30 days of location history enough? Insurance claims can arrive up to 90 days after a trip.
    status: open
    replies:
      - author: marta.kowalski
        at: 2026-11-18T15:02:00Z
        text: Pings of a disputed trip are copied out before the partition is dropped; legal is confirming whether a claim counts as a dispute.
      - author: priya
        at: 2026-11-19T09:41:00Z
        text: Then we need a way to mark a trip disputed before day 30; I will add it to the trips endpoints.
  - id: 2
    element: endpoint:GET /v1/fare-estimates
    author: tomasz
    at: 2026-11-19T11:05:00Z
    text: Do we know which app versions still call this?
    status: resolved
  - id: 3
    author: elif
    at: 2026-11-20T08:30:00Z
    text: The whole design assumes one region. Before approval, please add what happens to open trips if eu-central is down for an hour.
    status: open
validation:
  disable:
    - doc-table-description
  severity:
    api-collection-pagination: info
  ignore:
    - rule: sec-public-write
      element: endpoint:POST /v1/riders
      reason: Public sign-up must accept POST without a token; it is limited to 10 an hour per address and the account stays unverified until the SMS code is entered.
x_owner_team: mobility-platform
"""# + "\n"
}
