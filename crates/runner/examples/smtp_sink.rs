//! A fast SMTP receiver that accepts and discards every message, for the delivery benchmark:
//! the Python catcher tops out near 1,000 messages a second on this machine, below what one
//! connection of the engine can send, so it would measure itself. Plain SMTP, no TLS, no checks.
//!
//! ```text
//! cargo run --release --example smtp_sink -- 127.0.0.1:2529
//! ```

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:2529".into());
    let listener = TcpListener::bind(&address).await?;
    println!("smtp sink listening on {address}");
    loop {
        let (socket, _) = listener.accept().await?;
        socket.set_nodelay(true)?;
        tokio::spawn(async move {
            let _ = session(socket).await;
        });
    }
}

/// One client: answers every command, swallows the data up to the lone dot.
async fn session(socket: TcpStream) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink ESMTP\r\n").await?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let verb = line
            .get(..4)
            .map(|v| v.to_ascii_uppercase())
            .unwrap_or_default();
        let reply: &[u8] = match verb.as_slice() {
            b"EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
            b"DATA" => {
                write.write_all(b"354 go ahead\r\n").await?;
                loop {
                    line.clear();
                    if lines.read_until(b'\n', &mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == b".\r\n" || line == b".\n" {
                        break;
                    }
                }
                b"250 OK\r\n"
            }
            b"QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => b"250 OK\r\n",
        };
        write.write_all(reply).await?;
    }
}
