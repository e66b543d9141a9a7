//! Time to build one message, unsigned and signed with a DKIM key, on one core: what signing adds
//! to each message of a delivery (which sends on one connection in turn). Signed twice: by the
//! engine (ring) and, for comparison, by lettre's own `Message::sign` (the `rsa` crate, what the
//! engine used before), in alternating rounds so that the machine's load weighs on both alike.
//!
//!   cargo run --release -p course_notification_mailer --example sign_bench -- KEY.pem [N]
//!
//! KEY.pem: an RSA private key as `openssl genrsa 2048` writes it (PKCS#8 or PKCS#1). Prints
//! `sign: messages=N unsigned_us=U signed_us=S lettre_rsa_us=L signs_per_second=R`.

use std::sync::Arc;
use std::time::Instant;

use course_notification_mailer::{build_with, dkim_from_pem, Dressing, Outgoing};
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;

fn main() {
    let mut args = std::env::args().skip(1);
    let key = args.next().expect("usage: sign_bench KEY.pem [N]");
    let n: u32 = args.next().map_or(2000, |s| s.parse().expect("N"));
    let pem = std::fs::read_to_string(&key).expect("the key file");
    let dkim = dkim_from_pem("bench", "bench.example.org", &pem).expect("an RSA key");
    let signed = Dressing {
        dkim: Some(Arc::new(dkim)),
        ..Dressing::default()
    };
    let unsigned = Dressing::default();
    let m = Outgoing {
        from_name: "Bench Academy".into(),
        from_address: "noreply@bench.example.org".into(),
        to_name: "Bench Learner".into(),
        to_address: "l1@bench.example.org".into(),
        subject: "Welcome to Benchmark".into(),
        text: "Hello,\n\nwelcome to the course.\n".repeat(20),
        html: Some("<p>Hello,</p><p>welcome to the course.</p>\n".repeat(20)),
        message_id: "<firstassign.c2.u101.r0@bench.example.org>".into(),
        envelope_from: None,
        unsubscribe: Some(
            "https://bench.example.org/blocks/course_notification/unsubscribe.php?\
             token=101-2-calls-xXU4E9ExBJK-SjBi4SVylA_ngHyRG64XrmoeHnO2U9Q"
                .into(),
        ),
    };
    let lettre_key = {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        use rsa::pkcs8::DecodePrivateKey;
        let pkcs1 = if pem.contains("BEGIN PRIVATE KEY") {
            rsa::RsaPrivateKey::from_pkcs8_pem(&pem)
                .expect("an RSA key")
                .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
                .expect("PKCS#1")
                .to_string()
        } else {
            pem.clone()
        };
        DkimConfig::new(
            "bench".into(),
            "bench.example.org".into(),
            DkimSigningKey::new(&pkcs1, DkimSigningAlgorithm::Rsa).expect("an RSA key"),
            [
                "From",
                "To",
                "Subject",
                "Date",
                "Message-ID",
                "List-Unsubscribe",
                "List-Unsubscribe-Post",
            ]
            .into_iter()
            .map(HeaderName::new_from_ascii_str)
            .collect(),
            DkimCanonicalization {
                header: DkimCanonicalizationType::Relaxed,
                body: DkimCanonicalizationType::Relaxed,
            },
        )
    };
    let (mut unsigned_s, mut signed_s, mut lettre_s) = (0.0, 0.0, 0.0);
    let rounds = n.div_ceil(50);
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..50 {
            std::hint::black_box(build_with(&m, &unsigned).expect("built").formatted());
        }
        unsigned_s += start.elapsed().as_secs_f64();
        let start = Instant::now();
        for _ in 0..50 {
            std::hint::black_box(build_with(&m, &signed).expect("built").formatted());
        }
        signed_s += start.elapsed().as_secs_f64();
        let start = Instant::now();
        for _ in 0..50 {
            let mut message = build_with(&m, &unsigned).expect("built");
            message.sign(&lettre_key);
            std::hint::black_box(message.formatted());
        }
        lettre_s += start.elapsed().as_secs_f64();
    }
    let per = |s: f64| s * 1e6 / f64::from(rounds * 50);
    println!(
        "sign: messages={} unsigned_us={:.1} signed_us={:.1} lettre_rsa_us={:.1} signs_per_second={:.0}",
        rounds * 50,
        per(unsigned_s),
        per(signed_s),
        per(lettre_s),
        1e6 / per(signed_s)
    );
}
