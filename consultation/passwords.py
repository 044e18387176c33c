"""How account passwords are hashed (settings PASSWORD_HASHERS, README "Password hashing")."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's first recommended setting (Password Storage Cheat Sheet): 19 MiB
    of memory, 2 passes, 1 lane. Django's own defaults (100 MiB, 2 passes, 8 lanes) cost as
    much CPU as its PBKDF2 (about 200 ms a sign-in on 2 cores) and 100 MiB for each sign-in in
    progress; this costs about 20 ms and 19 MiB. The algorithm name stays "argon2", so hashes
    made with other Argon2 parameters verify and are re-hashed with these at sign-in."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
