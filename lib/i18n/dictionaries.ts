// Every user-facing string, in Vietnamese (the default) and English.
// `en` must have exactly the keys of `vi`: the type checker enforces it.

export const vi = {
  "app.name": "PhoGPT Chat",
  "app.tagline": "Trò chuyện với PhoGPT-4B-Chat, mô hình ngôn ngữ tiếng Việt của VinAI",
  "app.skipToContent": "Chuyển đến nội dung chính",

  "language.label": "Ngôn ngữ",
  "language.vi": "Tiếng Việt",
  "language.en": "English",

  "auth.signIn.title": "Đăng nhập",
  "auth.signIn.submit": "Đăng nhập",
  "auth.signIn.noAccount": "Chưa có tài khoản?",
  "auth.signIn.toRegister": "Tạo tài khoản",
  "auth.register.title": "Tạo tài khoản",
  "auth.register.submit": "Tạo tài khoản",
  "auth.register.haveAccount": "Đã có tài khoản?",
  "auth.register.toSignIn": "Đăng nhập",
  "auth.field.email": "Email",
  "auth.field.name": "Tên hiển thị",
  "auth.field.password": "Mật khẩu",
  "auth.field.passwordHint": "Ít nhất 8 ký tự.",
  "auth.pending": "Đang xử lý…",
  "auth.signOut": "Đăng xuất",
  "auth.signedInAs": "Đang đăng nhập: {name}",
  "auth.error.invalid_credentials": "Email hoặc mật khẩu không đúng.",
  "auth.error.email_invalid": "Email không hợp lệ.",
  "auth.error.email_taken": "Email này đã có tài khoản.",
  "auth.error.password_too_short": "Mật khẩu phải có ít nhất 8 ký tự.",
  "auth.error.password_too_long": "Mật khẩu quá dài (tối đa 256 ký tự).",
  "auth.error.name_required": "Hãy nhập tên hiển thị.",
  "auth.error.name_too_long": "Tên hiển thị quá dài (tối đa 80 ký tự).",
  "auth.error.unknown": "Không thể hoàn tất. Vui lòng thử lại.",

  "sidebar.label": "Các cuộc trò chuyện",
  "sidebar.newChat": "Cuộc trò chuyện mới",
  "sidebar.empty": "Chưa có cuộc trò chuyện nào.",
  "sidebar.loadError": "Không tải được danh sách cuộc trò chuyện.",
  "sidebar.userMenu": "Tài khoản",
  "sidebar.toggle": "Menu cuộc trò chuyện",
  "sidebar.recent": "Gần đây",

  "chat.emptyTitle": "Xin chào! Mình là PhoGPT.",
  "chat.emptyBody": "Hãy hỏi mình bất cứ điều gì bằng tiếng Việt.",
  "chat.messages": "Tin nhắn",
  "chat.composer.label": "Tin nhắn gửi PhoGPT",
  "chat.composer.placeholder": "Nhập câu hỏi… (Enter để gửi, Shift+Enter để xuống dòng)",
  "chat.composer.counter": "{count}/{max} ký tự",
  "chat.send": "Gửi",
  "chat.stop": "Dừng",
  "chat.retry": "Thử lại",
  "chat.continue": "Tiếp tục",
  "chat.role.user": "Bạn",
  "chat.role.assistant": "PhoGPT",
  "chat.status.streaming": "PhoGPT đang trả lời…",
  "chat.status.stopped": "Đã dừng trả lời.",
  "chat.status.interrupted": "Câu trả lời bị gián đoạn.",
  "chat.status.truncated": "Câu trả lời đã đạt độ dài tối đa.",
  "chat.notFound.title": "Không tìm thấy cuộc trò chuyện",
  "chat.notFound.body": "Cuộc trò chuyện này không tồn tại hoặc bạn không có quyền xem.",
  "chat.notFound.back": "Về trang chính",
  "chat.scrollToBottom": "Xuống tin nhắn mới nhất",
  "notFound.title": "Không tìm thấy trang",
  "notFound.body": "Trang bạn tìm không tồn tại.",

  "model.checking": "Đang kiểm tra máy chủ mô hình…",
  "model.online": "Mô hình: {model}",
  "model.emulator": "Trình giả lập (không phải mô hình thật)",
  "model.offline": "Không kết nối được máy chủ mô hình",
  "model.statusLabel": "Trạng thái máy chủ mô hình",

  "error.model_unavailable": "Không kết nối được máy chủ mô hình. Tin nhắn của bạn đã được lưu; hãy thử lại sau.",
  "error.model_busy": "Máy chủ mô hình đang bận, vui lòng thử lại sau giây lát.",
  "error.model_error": "Máy chủ mô hình gặp lỗi khi tạo câu trả lời.",
  "error.model_rejected": "Máy chủ mô hình từ chối yêu cầu này (quá dài hoặc không hợp lệ).",
  "error.network": "Mất kết nối tới máy chủ. Hãy kiểm tra mạng và thử lại.",
  "error.message_empty": "Tin nhắn không được để trống.",
  "error.message_too_long": "Tin nhắn quá dài (tối đa {max} ký tự).",
  "error.not_found": "Không tìm thấy.",
  "error.unauthorized": "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.",
  "error.rate_limited": "Bạn gửi quá nhanh. Vui lòng đợi một chút.",
  "error.conflict": "PhoGPT vẫn đang trả lời trong cuộc trò chuyện này.",
  "error.too_many_replies": "Bạn đang có quá nhiều câu trả lời đang được tạo. Hãy đợi một câu xong hoặc dừng bớt.",
  "error.unknown": "Đã xảy ra lỗi. Vui lòng thử lại.",
} as const;

export type MessageKey = keyof typeof vi;
export type Dictionary = Record<MessageKey, string>;

export const en: Dictionary = {
  "app.name": "PhoGPT Chat",
  "app.tagline": "Chat with PhoGPT-4B-Chat, VinAI's Vietnamese language model",
  "app.skipToContent": "Skip to main content",

  "language.label": "Language",
  "language.vi": "Tiếng Việt",
  "language.en": "English",

  "auth.signIn.title": "Sign in",
  "auth.signIn.submit": "Sign in",
  "auth.signIn.noAccount": "No account yet?",
  "auth.signIn.toRegister": "Create an account",
  "auth.register.title": "Create an account",
  "auth.register.submit": "Create account",
  "auth.register.haveAccount": "Already have an account?",
  "auth.register.toSignIn": "Sign in",
  "auth.field.email": "Email",
  "auth.field.name": "Display name",
  "auth.field.password": "Password",
  "auth.field.passwordHint": "At least 8 characters.",
  "auth.pending": "Working…",
  "auth.signOut": "Sign out",
  "auth.signedInAs": "Signed in as {name}",
  "auth.error.invalid_credentials": "Email or password is incorrect.",
  "auth.error.email_invalid": "Enter a valid email address.",
  "auth.error.email_taken": "This email already has an account.",
  "auth.error.password_too_short": "Password must be at least 8 characters.",
  "auth.error.password_too_long": "Password is too long (at most 256 characters).",
  "auth.error.name_required": "Enter a display name.",
  "auth.error.name_too_long": "Display name is too long (at most 80 characters).",
  "auth.error.unknown": "Something went wrong. Please try again.",

  "sidebar.label": "Conversations",
  "sidebar.newChat": "New chat",
  "sidebar.empty": "No conversations yet.",
  "sidebar.loadError": "Could not load your conversations.",
  "sidebar.userMenu": "Account",
  "sidebar.toggle": "Conversations menu",
  "sidebar.recent": "Recent",

  "chat.emptyTitle": "Hello! I am PhoGPT.",
  "chat.emptyBody": "Ask me anything, in Vietnamese.",
  "chat.messages": "Messages",
  "chat.composer.label": "Message to PhoGPT",
  "chat.composer.placeholder": "Ask something… (Enter to send, Shift+Enter for a new line)",
  "chat.composer.counter": "{count}/{max} characters",
  "chat.send": "Send",
  "chat.stop": "Stop",
  "chat.retry": "Retry",
  "chat.continue": "Continue",
  "chat.role.user": "You",
  "chat.role.assistant": "PhoGPT",
  "chat.status.streaming": "PhoGPT is replying…",
  "chat.status.stopped": "Reply stopped.",
  "chat.status.interrupted": "The reply was interrupted.",
  "chat.status.truncated": "The reply reached its maximum length.",
  "chat.notFound.title": "Conversation not found",
  "chat.notFound.body": "This conversation does not exist or you do not have access to it.",
  "chat.notFound.back": "Back to the start page",
  "chat.scrollToBottom": "Jump to the latest message",
  "notFound.title": "Page not found",
  "notFound.body": "The page you are looking for does not exist.",

  "model.checking": "Checking the model server…",
  "model.online": "Model: {model}",
  "model.emulator": "Emulator (not the real model)",
  "model.offline": "Model server unreachable",
  "model.statusLabel": "Model server status",

  "error.model_unavailable": "The model server is unreachable. Your message is saved; try again later.",
  "error.model_busy": "The model server is busy, try again shortly.",
  "error.model_error": "The model server failed while generating the reply.",
  "error.model_rejected": "The model server refused this request (too long or invalid).",
  "error.network": "Lost the connection to the server. Check your network and try again.",
  "error.message_empty": "The message cannot be empty.",
  "error.message_too_long": "The message is too long (at most {max} characters).",
  "error.not_found": "Not found.",
  "error.unauthorized": "Your session has expired. Please sign in again.",
  "error.rate_limited": "You are sending too fast. Please wait a moment.",
  "error.conflict": "PhoGPT is still replying in this conversation.",
  "error.too_many_replies": "You have too many replies being generated. Wait for one to finish or stop one.",
  "error.unknown": "Something went wrong. Please try again.",
};

export const dictionaries = { vi, en } as const;
export type Locale = keyof typeof dictionaries;
export const locales = Object.keys(dictionaries) as Locale[];
export const defaultLocale: Locale = "vi";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && value in dictionaries;
}

export function translate(dictionary: Dictionary, key: MessageKey, values?: Record<string, string | number>): string {
  const template = dictionary[key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}
