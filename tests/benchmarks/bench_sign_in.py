"""Time the stakeholders' sign-in (allauth and django-axes, through the real page) and the
password hash alone, with the production hasher (Argon2id, consultation/passwords.py), with
Django's own Argon2 defaults and with Django's PBKDF2 (the hasher before it), alternately.
Run on demand:

    .venv/bin/python -m pytest tests/benchmarks/bench_sign_in.py -s -p no:cacheprovider
"""

import os
import statistics
import time
import timeit

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher
from django.test import Client
from django.urls import reverse

from consultation.passwords import Argon2idHasher
from consultation.settings import base
from tests.consultation.factories import confirmed_account

PASSWORD = "a-Strong-pw-42"  # noqa: S105 (a benchmark account)
ROUNDS = 7
HASHERS = {
    "Argon2id 19 MiB t=2 p=1 (ours)": Argon2idHasher,
    "Argon2id Django defaults": Argon2PasswordHasher,
    "PBKDF2-SHA256 Django 5.2": PBKDF2PasswordHasher,
}


def hasher_path(hasher):
    return f"{hasher.__module__}.{hasher.__qualname__}"


def cpu_and_wall(action):
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def test_sign_in_and_password_hash_times(db, settings):
    print(f"\nload average {os.getloadavg()[0]:.2f}; {ROUNDS} rounds, medians in ms")
    print(f"{'hasher':32} {'verify cpu':>10} {'verify wall':>11} {'sign-in cpu':>11} "
          f"{'sign-in wall':>12}")  # fmt: skip
    accounts = {}
    for number, (name, hasher) in enumerate(HASHERS.items()):
        # Only this hasher: the account's hash is not upgraded between rounds.
        settings.PASSWORD_HASHERS = [hasher_path(hasher)]
        accounts[name] = confirmed_account(f"bench{number}", f"bench{number}@example.org", PASSWORD)
    figures = {name: {"verify": [], "sign_in": []} for name in HASHERS}
    for _round in range(ROUNDS):
        for name, hasher in HASHERS.items():
            settings.PASSWORD_HASHERS = [hasher_path(hasher)]
            each, encoded = hasher(), accounts[name].password
            figures[name]["verify"].append(
                cpu_and_wall(lambda h=each, e=encoded: h.verify(PASSWORD, e))
            )
            client = Client()
            email = accounts[name].email

            def sign_in(client=client, email=email):
                response = client.post(
                    reverse("account_login"), {"login": email, "password": PASSWORD}
                )
                assert response.status_code == 302

            figures[name]["sign_in"].append(cpu_and_wall(sign_in))
    for name, timings in figures.items():
        verify_cpu, verify_wall = map(statistics.median, zip(*timings["verify"], strict=True))
        sign_in_cpu, sign_in_wall = map(statistics.median, zip(*timings["sign_in"], strict=True))
        print(f"{name:32} {verify_cpu:10.1f} {verify_wall:11.1f} {sign_in_cpu:11.1f} "
              f"{sign_in_wall:12.1f}")  # fmt: skip
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    ours = Argon2idHasher()
    encoded = ours.encode(PASSWORD, ours.salt())
    seconds = min(timeit.repeat(lambda: ours.verify(PASSWORD, encoded), number=5, repeat=3)) / 5
    print(f"timeit, Argon2id ours: {seconds * 1000:.1f} ms a verification (best of 3 x 5)")
    pbkdf2 = PBKDF2PasswordHasher()
    encoded = pbkdf2.encode(PASSWORD, pbkdf2.salt())
    seconds = min(timeit.repeat(lambda: pbkdf2.verify(PASSWORD, encoded), number=5, repeat=3)) / 5
    print(f"timeit, PBKDF2 ({pbkdf2.iterations:,} iterations): {seconds * 1000:.1f} ms")
