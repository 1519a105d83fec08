// All texts of the toolbar, one dictionary per language. Error texts are keyed by the protocol's error codes.
window.CTI_I18N = {
  "zh-CN": {
    title: "座席工具条", language: "语言", loginTitle: "座席签入", agentId: "工号", password: "密码",
    extension: "分机号", login: "签入", logout: "签出", ready: "示闲", notReady: "示忙", hangup: "挂机",
    screenPop: "来电弹屏", callerNumber: "主叫号码", callerName: "客户姓名", dialedNumber: "被叫号码",
    queue: "队列", waitTime: "等待时长", ivrData: "IVR 数据", wrapUp: "话后处理", disposition: "小结",
    notes: "备注", done: "完成", remaining: "剩余", chooseDisposition: "请选择小结",
    conn: { offline: "未连接", connecting: "连接中…", online: "已连接", reconnecting: "重新连接中…" },
    states: { LOGGED_OUT: "已签出", NOT_READY: "示忙", READY: "示闲", RESERVED: "振铃", TALKING: "通话中", WRAP_UP: "话后处理" },
    callStatus: { RESERVED: "来电振铃", TALKING: "通话中", WRAP_UP: "已挂机" },
    sessionReplaced: "该座席已在其他地方签入，本页面已断开",
    errors: {
      UNKNOWN_AGENT: "座席工号不存在", NOT_LOGGED_IN: "座席尚未签入", ALREADY_LOGGED_IN: "该座席已在其他地方签入",
      EXTENSION_IN_USE: "该分机已被其他座席使用", ILLEGAL_TRANSITION: "当前状态下不能执行此操作",
      NO_ACTIVE_CALL: "当前没有通话", UNKNOWN_REASON: "未知的示忙原因", UNKNOWN_DISPOSITION: "未知的小结类型",
      INVALID_ARGUMENT: "参数无效", ENGINE_OVERLOADED: "系统繁忙，请稍后重试", ENGINE_STOPPED: "系统已停止服务",
      BAD_JSON: "消息格式错误", UNKNOWN_TYPE: "未知的消息类型", MISSING_FIELD: "缺少必填项",
      INVALID_FIELD: "输入无效", NOT_AUTHENTICATED: "请先签入", AUTH_FAILED: "工号或密码错误",
      RATE_LIMITED: "登录失败次数过多，请稍后再试", UNSUPPORTED_VERSION: "不支持的协议版本",
      FRAME_TOO_LARGE: "消息过大", TIMEOUT: "系统响应超时，请重试", INTERNAL_ERROR: "服务器内部错误",
      CONNECTION_FAILED: "无法连接服务器"
    }
  },
  "en": {
    title: "Agent toolbar", language: "Language", loginTitle: "Agent login", agentId: "Agent ID", password: "Password",
    extension: "Extension", login: "Log in", logout: "Log out", ready: "Ready", notReady: "Not ready", hangup: "Hang up",
    screenPop: "Screen pop", callerNumber: "Caller number", callerName: "Caller name", dialedNumber: "Dialed number",
    queue: "Queue", waitTime: "Wait time", ivrData: "IVR data", wrapUp: "Wrap-up", disposition: "Disposition",
    notes: "Notes", done: "Done", remaining: "left", chooseDisposition: "Choose a disposition",
    conn: { offline: "Offline", connecting: "Connecting…", online: "Connected", reconnecting: "Reconnecting…" },
    states: { LOGGED_OUT: "Logged out", NOT_READY: "Not ready", READY: "Ready", RESERVED: "Ringing", TALKING: "Talking", WRAP_UP: "Wrap-up" },
    callStatus: { RESERVED: "Ringing", TALKING: "Talking", WRAP_UP: "Ended" },
    sessionReplaced: "This agent logged in elsewhere; this page was disconnected",
    errors: {
      UNKNOWN_AGENT: "Unknown agent ID", NOT_LOGGED_IN: "The agent is not logged in",
      ALREADY_LOGGED_IN: "This agent is already logged in elsewhere", EXTENSION_IN_USE: "This extension is used by another agent",
      ILLEGAL_TRANSITION: "Not possible in the current state", NO_ACTIVE_CALL: "There is no active call",
      UNKNOWN_REASON: "Unknown not-ready reason", UNKNOWN_DISPOSITION: "Unknown disposition",
      INVALID_ARGUMENT: "Invalid argument", ENGINE_OVERLOADED: "The system is busy, please try again",
      ENGINE_STOPPED: "The system is stopped", BAD_JSON: "Malformed message", UNKNOWN_TYPE: "Unknown message type",
      MISSING_FIELD: "A required field is missing", INVALID_FIELD: "Invalid input", NOT_AUTHENTICATED: "Please log in first",
      AUTH_FAILED: "Wrong agent ID or password", RATE_LIMITED: "Too many failed logins, please try again later",
      UNSUPPORTED_VERSION: "Unsupported protocol version", FRAME_TOO_LARGE: "Message too large",
      TIMEOUT: "The system did not answer in time, please try again", INTERNAL_ERROR: "Internal server error",
      CONNECTION_FAILED: "Cannot reach the server"
    }
  }
};
