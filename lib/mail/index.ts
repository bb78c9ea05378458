import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";

// Outgoing mail through the SMTP server in SMTP_URL (smtp://user:pass@host:587, or smtps://).
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transport: nodemailer.Transporter | undefined;

export async function sendMail(mail: Mail): Promise<void> {
  const url = env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set");
  transport ??= nodemailer.createTransport(url);
  await transport.sendMail({ from: env().MAIL_FROM, ...mail });
}
