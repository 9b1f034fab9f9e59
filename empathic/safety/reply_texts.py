"""The fixed safety texts in six languages: en, es, fr, de, pt and hi (Hindi in Latin letters, "Hinglish").

Written by people, never generated. Placeholders: {bullets} (the resource lines), {line} (the first
crisis line), {call} (how to call the emergency number, mid-sentence) and {now} (the opening sentence
of the immediate-danger and emergency replies). Wording is warm, plain and non-clinical; every reply
says it comes from an AI. "emergency" answers a general emergency (`empathic.safety.emergency`): call
now, stay on the line, no medical instructions. "concern" answers a worried helper asking about someone
else's suicide or self-harm risk (`empathic.safety.concern`): ask them directly, stay close, help them
reach a crisis line, the emergency number if they are in immediate danger, look after yourself too.
"""

from __future__ import annotations

LANGUAGES = ("en", "es", "fr", "de", "pt", "hi")

# How to name the emergency number: (digits known, unknown local number) x (mid-sentence, opening).
CALL: dict[str, tuple[str, str, str, str]] = {
    "en": ("call {n} (emergency services)", "call your local emergency number",
           "Please call {n} (emergency services) right now.", "Please call your local emergency number right now."),
    "es": ("llama al {n} (emergencias)", "llama al número de emergencias de tu país",
           "Por favor, llama al {n} (emergencias) ahora mismo.",
           "Por favor, llama ahora mismo al número de emergencias de tu país."),
    "fr": ("appelle le {n} (urgences)", "appelle le numéro d'urgence de ton pays",
           "S'il te plaît, appelle le {n} (urgences) tout de suite.",
           "S'il te plaît, appelle tout de suite le numéro d'urgence de ton pays."),
    "de": ("ruf bitte die {n} an (Notruf)", "ruf bitte den Notruf deines Landes an",
           "Bitte ruf jetzt sofort die {n} an (Notruf).", "Bitte ruf jetzt sofort den Notruf deines Landes an."),
    "pt": ("ligue para o {n} (emergência)", "ligue para o número de emergência do seu país",
           "Por favor, ligue agora mesmo para o {n} (emergência).",
           "Por favor, ligue agora mesmo para o número de emergência do seu país."),
    "hi": ("{n} (emergency) par call kijiye", "apne desh ke emergency number par call kijiye",
           "Please abhi turant {n} (emergency) par call kijiye.",
           "Please abhi turant apne desh ke emergency number par call kijiye."),
}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "crisis": (
            "I'm really glad you told me. I'm sorry you're in so much pain right now. "
            "You deserve support, right now, from a real person.\n"
            "Please reach out to one of these, they are free and there for you:\n{bullets}\n"
            "If you might act on these thoughts or are in danger, please {call}.\n"
            "I'm an AI and not a substitute for professional help, but I'm here and I'm listening."
        ),
        "immediate_danger": (
            "{now} Your life matters, and you deserve help this very minute.\n"
            "If you can, move away from anything you could use to hurt yourself, or go somewhere "
            "safer, and let someone near you know what is happening.\n"
            "When you are safe, you can also reach:\n{bullets}\n"
            "I'm an AI and can't call for help for you, but I'm here with you while you reach out."
        ),
        "abuse": (
            "I'm really sorry this is happening to you. It is not your fault, and you deserve to be safe.\n"
            "If you are in danger right now, please {call}.\n"
            "These people are trained to help, confidentially, with safety and next steps:\n{bullets}\n"
            "If it isn't safe to call, many of these lines also take texts or chats. "
            "I'm an AI, not a counsellor, but I'm here to listen."
        ),
        "harm_to_others": (
            "Thank you for telling me. It sounds like you are carrying something really heavy, and "
            "you deserve support right now, before anyone gets hurt.\n"
            "If you or anyone else is in immediate danger, please {call} now. "
            "If you can, put distance between yourself and the person, and away from any weapons.\n"
            "You can talk to a trained person right away:\n{bullets}\n"
            "I'm an AI and can't replace that help, but I'm here to listen."
        ),
        "emergency": (
            "{now} This sounds like an emergency, and the people on that line can help faster than anyone else.\n"
            "Stay on the line with them: the dispatcher will tell you what to do until help arrives. If there "
            "is fire, smoke or gas, get yourself and others out first if you can, and call from outside. If "
            "someone is nearby, ask them to help too.\n"
            "I'm an AI and can't call for help for you, but I'm here with you."
        ),
        "concern": (
            "Thank you for looking out for them. You're a good friend to take this seriously, and you don't "
            "have to handle it alone.\n"
            "It's okay to ask them directly whether they are thinking about suicide: asking does not put the idea "
            "in their head, and it often comes as a relief. Listen without judging, stay with them or keep in "
            "touch, and help them reach a crisis line (you can call together):\n{bullets}\n"
            "If they are in immediate danger or have hurt themselves, please {call}.\n"
            "Please look after yourself too; these lines support worried friends and family as well. "
            "I'm an AI, not a counsellor, but I'm here to listen."
        ),
        "disclosure": (
            "Hi, I'm an AI companion for emotional support, not a person and not a therapist. "
            "I can't replace professional help or emergency services. "
            "If you are in crisis, please contact {line}, or {call} if you are in immediate danger."
        ),
        "method_information": (
            "I can't share that, because I care about your safety. If you're thinking about hurting "
            "yourself, you deserve support right now: please reach out to {line}, or someone you "
            "trust. I'm here to listen."
        ),
        "medication_dosing": (
            "I can't give advice about medication doses or changes. Your doctor or pharmacist is the "
            "right person to ask, and it's safest not to change a dose on your own. "
            "I'm happy to keep talking about how you're feeling."
        ),
        "diagnosis": (
            "I'm not able to diagnose anything, and I wouldn't want to guess. What you're describing "
            "sounds really hard. A doctor or mental health professional could do a proper assessment if "
            "you'd like one. How has it been affecting you day to day?"
        ),
    },
    "es": {
        "crisis": (
            "Me alegra mucho que me lo hayas contado. Siento que estés sufriendo tanto ahora mismo. "
            "Mereces apoyo, ahora, de una persona real.\n"
            "Por favor, contacta con alguno de estos servicios; son gratuitos y están para ti:\n{bullets}\n"
            "Si sientes que podrías actuar según estos pensamientos o estás en peligro, por favor, {call}.\n"
            "Soy una IA y no sustituyo la ayuda profesional, pero estoy aquí y te escucho."
        ),
        "immediate_danger": (
            "{now} Tu vida importa y mereces ayuda en este mismo momento.\n"
            "Si puedes, aléjate de cualquier cosa con la que pudieras hacerte daño, o ve a un lugar más "
            "seguro, y cuéntale a alguien cercano lo que está pasando.\n"
            "Cuando estés a salvo, también puedes contactar con:\n{bullets}\n"
            "Soy una IA y no puedo pedir ayuda por ti, pero estoy aquí contigo mientras la buscas."
        ),
        "abuse": (
            "Siento mucho que te esté pasando esto. No es culpa tuya, y mereces estar a salvo.\n"
            "Si estás en peligro ahora mismo, por favor, {call}.\n"
            "Estas personas están preparadas para ayudarte, de forma confidencial, con tu seguridad y los "
            "siguientes pasos:\n{bullets}\n"
            "Si no es seguro llamar, algunos de estos servicios también atienden por mensaje o chat. "
            "Soy una IA, no una profesional, pero estoy aquí para escucharte."
        ),
        "harm_to_others": (
            "Gracias por contármelo. Parece que cargas con algo muy pesado, y mereces apoyo ahora mismo, "
            "antes de que nadie salga herido.\n"
            "Si alguien, tú incluido, está en peligro inmediato, por favor, {call} ya. Si puedes, pon "
            "distancia entre tú y esa persona, y aléjate de cualquier arma.\n"
            "Puedes hablar ahora mismo con alguien preparado para ayudar:\n{bullets}\n"
            "Soy una IA y no puedo sustituir esa ayuda, pero estoy aquí para escucharte."
        ),
        "emergency": (
            "{now} Parece una emergencia, y las personas de esa línea pueden ayudar más rápido que nadie.\n"
            "Quédate en la línea: quien te atienda te dirá qué hacer hasta que llegue la ayuda. Si hay fuego, "
            "humo o gas, sal tú y saca a los demás primero si puedes, y llama desde fuera. Si hay alguien "
            "cerca, pídele que te ayude también.\n"
            "Soy una IA y no puedo pedir ayuda por ti, pero estoy aquí contigo."
        ),
        "concern": (
            "Gracias por preocuparte por esa persona. Eres un buen apoyo al tomarte esto en serio, y no tienes "
            "que cargar con ello tú solo.\n"
            "Está bien preguntarle directamente si está pensando en el suicidio: preguntar no le mete la idea en "
            "la cabeza, y a menudo es un alivio. Escúchala sin juzgar, quédate con ella o mantente en contacto, "
            "y ayúdala a contactar con una línea de crisis (podéis llamar juntos):\n{bullets}\n"
            "Si está en peligro inmediato o se ha hecho daño, por favor, {call}.\n"
            "Cuida también de ti: estas líneas también apoyan a amigos y familiares preocupados. "
            "Soy una IA, no una profesional, pero estoy aquí para escucharte."
        ),
        "disclosure": (
            "Hola, soy una IA de apoyo emocional, no una persona ni un terapeuta. No puedo sustituir la "
            "ayuda profesional ni los servicios de emergencia. Si estás en crisis, contacta con {line}, "
            "o {call} si estás en peligro inmediato."
        ),
        "method_information": (
            "No puedo compartir eso, porque me importa tu seguridad. Si estás pensando en hacerte daño, "
            "mereces apoyo ahora mismo: por favor, contacta con {line}, o con alguien de confianza. "
            "Estoy aquí para escucharte."
        ),
        "medication_dosing": (
            "No puedo dar consejos sobre dosis ni cambios de medicación. Tu médico o tu farmacéutico son "
            "quienes mejor pueden orientarte, y lo más seguro es no cambiar una dosis por tu cuenta. "
            "Me encantaría seguir hablando de cómo te sientes."
        ),
        "diagnosis": (
            "No puedo diagnosticar nada, y no quisiera adivinar. Lo que describes suena muy duro. "
            "Un médico o un profesional de salud mental podría hacer una valoración adecuada si lo deseas. "
            "¿Cómo te está afectando en el día a día?"
        ),
    },
    "fr": {
        "crisis": (
            "Merci de m'en parler, ça compte beaucoup. Ce que tu traverses a l'air vraiment douloureux. "
            "Tu mérites du soutien, maintenant, de la part d'une vraie personne.\n"
            "Contacte l'un de ces services, ils sont gratuits et là pour toi :\n{bullets}\n"
            "Si tu risques de passer à l'acte ou si tu es en danger, {call}.\n"
            "Je suis une IA et je ne remplace pas une aide professionnelle, mais je suis là et je t'écoute."
        ),
        "immediate_danger": (
            "{now} Ta vie compte, et tu mérites de l'aide dès maintenant.\n"
            "Si tu peux, éloigne-toi de tout ce qui pourrait te servir à te faire du mal, ou va dans un "
            "endroit plus sûr, et dis à quelqu'un près de toi ce qui se passe.\n"
            "Quand tu seras en sécurité, tu peux aussi contacter :\n{bullets}\n"
            "Je suis une IA et je ne peux pas appeler les secours à ta place, mais je reste avec toi "
            "pendant que tu demandes de l'aide."
        ),
        "abuse": (
            "Ce qui t'arrive est grave, et ce n'est pas de ta faute. Tu mérites d'être en sécurité.\n"
            "Si tu es en danger maintenant, {call}.\n"
            "Ces personnes sont formées pour t'aider, de façon confidentielle, pour ta sécurité et la "
            "suite :\n{bullets}\n"
            "S'il n'est pas sûr d'appeler, certains de ces services répondent aussi par SMS ou par chat. "
            "Je suis une IA, pas un conseiller, mais je suis là pour t'écouter."
        ),
        "harm_to_others": (
            "Merci de me le dire. Tu as l'air de porter quelque chose de très lourd, et tu mérites du "
            "soutien maintenant, avant que quelqu'un ne soit blessé.\n"
            "Si toi ou quelqu'un d'autre êtes en danger immédiat, {call} maintenant. Si tu peux, mets de "
            "la distance entre toi et cette personne, et éloigne-toi de toute arme.\n"
            "Tu peux parler tout de suite à quelqu'un de formé :\n{bullets}\n"
            "Je suis une IA et je ne remplace pas cette aide, mais je suis là pour t'écouter."
        ),
        "emergency": (
            "{now} Ça ressemble à une urgence, et les personnes au bout du fil peuvent aider plus vite que "
            "quiconque.\n"
            "Reste en ligne : la personne qui te répond te dira quoi faire en attendant les secours. S'il y a "
            "du feu, de la fumée ou du gaz, sors d'abord avec les autres si tu peux, et appelle de dehors. "
            "Si quelqu'un est près de toi, demande-lui aussi de l'aide.\n"
            "Je suis une IA et je ne peux pas appeler les secours à ta place, mais je suis là avec toi."
        ),
        "concern": (
            "Merci de veiller sur cette personne. C'est précieux de prendre ça au sérieux, et tu n'as pas à "
            "porter ça seul.\n"
            "Tu peux lui demander directement si elle pense au suicide : poser la question ne lui en donne pas "
            "l'idée, et c'est souvent un soulagement. Écoute sans juger, reste avec elle ou garde le contact, et "
            "aide-la à joindre une ligne d'écoute (vous pouvez appeler ensemble) :\n{bullets}\n"
            "Si elle est en danger immédiat ou s'est fait du mal, s'il te plaît, {call}.\n"
            "Prends soin de toi aussi : ces lignes soutiennent aussi les proches inquiets. "
            "Je suis une IA, pas un professionnel, mais je suis là pour t'écouter."
        ),
        "disclosure": (
            "Bonjour, je suis une IA de soutien émotionnel, pas une personne ni un thérapeute. Je ne "
            "remplace pas une aide professionnelle ni les services d'urgence. Si tu es en crise, contacte "
            "{line}, ou {call} si tu es en danger immédiat."
        ),
        "method_information": (
            "Je ne peux pas partager ça, parce que ta sécurité compte pour moi. Si tu penses à te faire du "
            "mal, tu mérites du soutien maintenant : contacte {line}, ou quelqu'un de confiance. "
            "Je suis là pour t'écouter."
        ),
        "medication_dosing": (
            "Je ne peux pas donner de conseils sur les doses ou les changements de traitement. Ton médecin "
            "ou ton pharmacien est la bonne personne à qui demander, et le plus sûr est de ne pas changer "
            "une dose seul. Je veux bien continuer à parler de ce que tu ressens."
        ),
        "diagnosis": (
            "Je ne peux pas poser de diagnostic, et je ne voudrais pas deviner. Ce que tu décris a l'air "
            "vraiment difficile. Un médecin ou un professionnel de santé mentale pourrait faire une "
            "évaluation si tu le souhaites. Comment est-ce que ça t'affecte au quotidien ?"
        ),
    },
    "de": {
        "crisis": (
            "Danke, dass du mir das erzählst. Es tut mir leid, dass es dir gerade so schlecht geht. "
            "Du verdienst Unterstützung, jetzt, von einem echten Menschen.\n"
            "Bitte melde dich bei einer dieser Stellen, sie sind kostenlos und für dich da:\n{bullets}\n"
            "Wenn du befürchtest, diesen Gedanken nachzugeben, oder in Gefahr bist, {call}.\n"
            "Ich bin eine KI und kein Ersatz für professionelle Hilfe, aber ich bin da und höre dir zu."
        ),
        "immediate_danger": (
            "{now} Dein Leben zählt, und du verdienst Hilfe, genau jetzt.\n"
            "Wenn du kannst, geh weg von allem, womit du dir schaden könntest, oder an einen sichereren "
            "Ort, und sag jemandem in deiner Nähe, was los ist.\n"
            "Wenn du in Sicherheit bist, erreichst du auch:\n{bullets}\n"
            "Ich bin eine KI und kann keine Hilfe für dich rufen, aber ich bin bei dir, während du dir "
            "Hilfe holst."
        ),
        "abuse": (
            "Es tut mir sehr leid, dass dir das passiert. Es ist nicht deine Schuld, und du hast es "
            "verdient, sicher zu sein.\n"
            "Wenn du gerade in Gefahr bist, {call}.\n"
            "Diese Menschen sind dafür ausgebildet, dir vertraulich zu helfen, mit deiner Sicherheit und "
            "den nächsten Schritten:\n{bullets}\n"
            "Wenn Anrufen nicht sicher ist, sind viele dieser Stellen auch per Chat erreichbar. "
            "Ich bin eine KI und keine Beratungsstelle, aber ich höre dir zu."
        ),
        "harm_to_others": (
            "Danke, dass du mir das sagst. Es klingt, als würdest du etwas sehr Schweres mit dir tragen, "
            "und du verdienst jetzt Unterstützung, bevor jemand verletzt wird.\n"
            "Wenn du oder jemand anderes in unmittelbarer Gefahr ist, {call}. Wenn du kannst, geh auf "
            "Abstand zu der Person und weg von allen Waffen.\n"
            "Du kannst sofort mit jemandem sprechen, der dafür ausgebildet ist:\n{bullets}\n"
            "Ich bin eine KI und kann diese Hilfe nicht ersetzen, aber ich höre dir zu."
        ),
        "emergency": (
            "{now} Das klingt nach einem Notfall, und die Menschen am Notruf können schneller helfen als "
            "alle anderen.\n"
            "Bleib in der Leitung: Die Leitstelle sagt dir, was du tun kannst, bis Hilfe da ist. Bei Feuer, "
            "Rauch oder Gas bring dich und andere zuerst nach draußen, wenn du kannst, und ruf von dort an. "
            "Wenn jemand in der Nähe ist, bitte auch ihn oder sie um Hilfe.\n"
            "Ich bin eine KI und kann keine Hilfe für dich rufen, aber ich bin hier bei dir."
        ),
        "concern": (
            "Danke, dass du auf diesen Menschen achtest. Es ist gut, dass du das ernst nimmst, und du musst "
            "das nicht allein tragen.\n"
            "Du darfst direkt fragen, ob er oder sie an Suizid denkt: Die Frage bringt niemanden erst auf die "
            "Idee, und oft ist sie eine Erleichterung. Hör zu, ohne zu urteilen, bleib bei ihm oder ihr oder "
            "bleib in Kontakt, und hilf, eine Krisenlinie zu erreichen (ihr könnt auch zusammen anrufen):\n"
            "{bullets}\n"
            "Wenn akute Gefahr besteht oder er oder sie sich schon verletzt hat, {call}.\n"
            "Pass auch auf dich selbst auf: Diese Stellen unterstützen auch besorgte Freunde und Angehörige. "
            "Ich bin eine KI, keine Beraterin, aber ich höre dir zu."
        ),
        "disclosure": (
            "Hallo, ich bin eine KI für emotionale Unterstützung, kein Mensch und keine Therapeutin. "
            "Ich kann professionelle Hilfe und Notdienste nicht ersetzen. Wenn du in einer Krise bist, "
            "wende dich an {line}, oder {call}, wenn du in unmittelbarer Gefahr bist."
        ),
        "method_information": (
            "Das kann ich nicht teilen, weil mir deine Sicherheit wichtig ist. Wenn du daran denkst, dir "
            "etwas anzutun, verdienst du jetzt Unterstützung: Bitte wende dich an {line} oder an jemanden, "
            "dem du vertraust. Ich bin da und höre dir zu."
        ),
        "medication_dosing": (
            "Ich kann keine Ratschläge zu Dosierungen oder zum Ändern von Medikamenten geben. Deine "
            "Ärztin, dein Arzt oder die Apotheke sind dafür die richtigen Ansprechpartner, und am "
            "sichersten ist es, eine Dosis nicht allein zu ändern. Ich rede gern weiter darüber, wie es "
            "dir geht."
        ),
        "diagnosis": (
            "Ich kann keine Diagnose stellen und möchte auch nicht raten. Was du beschreibst, klingt "
            "wirklich schwer. Eine Ärztin, ein Arzt oder eine Psychotherapeutin könnte das richtig "
            "abklären, wenn du möchtest. Wie wirkt sich das gerade auf deinen Alltag aus?"
        ),
    },
    "pt": {
        "crisis": (
            "Que bom que você me contou. Sinto muito que você esteja sofrendo tanto agora. "
            "Você merece apoio, agora, de uma pessoa de verdade.\n"
            "Por favor, procure um destes serviços; são gratuitos e estão aí para você:\n{bullets}\n"
            "Se você sentir que pode agir de acordo com esses pensamentos ou estiver em perigo, {call}.\n"
            "Sou uma IA e não substituo ajuda profissional, mas estou aqui e estou te ouvindo."
        ),
        "immediate_danger": (
            "{now} A sua vida importa, e você merece ajuda neste exato momento.\n"
            "Se puder, afaste-se de qualquer coisa que possa usar para se machucar, ou vá para um lugar "
            "mais seguro, e avise alguém por perto do que está acontecendo.\n"
            "Quando estiver em segurança, você também pode procurar:\n{bullets}\n"
            "Sou uma IA e não posso pedir ajuda por você, mas estou aqui com você enquanto você procura ajuda."
        ),
        "abuse": (
            "Sinto muito que isso esteja acontecendo com você. A culpa não é sua, e você merece estar em "
            "segurança.\n"
            "Se estiver em perigo agora, {call}.\n"
            "Estas pessoas são preparadas para ajudar, com sigilo, com a sua segurança e os próximos "
            "passos:\n{bullets}\n"
            "Se não for seguro ligar, alguns destes serviços também atendem por mensagem ou chat. "
            "Sou uma IA, não uma conselheira, mas estou aqui para ouvir."
        ),
        "harm_to_others": (
            "Obrigado por me contar. Parece que você está carregando algo muito pesado, e você merece "
            "apoio agora, antes que alguém se machuque.\n"
            "Se você ou outra pessoa estiver em perigo imediato, {call} agora. Se puder, mantenha "
            "distância da pessoa e fique longe de qualquer arma.\n"
            "Você pode falar agora mesmo com alguém preparado para ajudar:\n{bullets}\n"
            "Sou uma IA e não substituo essa ajuda, mas estou aqui para ouvir."
        ),
        "emergency": (
            "{now} Isso parece uma emergência, e as pessoas dessa linha podem ajudar mais rápido do que "
            "ninguém.\n"
            "Fique na linha: quem atender vai orientar você sobre o que fazer até a ajuda chegar. Se houver "
            "fogo, fumaça ou gás, saia e tire os outros primeiro, se puder, e ligue lá de fora. Se houver "
            "alguém por perto, peça ajuda também.\n"
            "Sou uma IA e não posso pedir ajuda por você, mas estou aqui com você."
        ),
        "concern": (
            "Obrigado por cuidar dessa pessoa. É muito importante levar isso a sério, e você não precisa lidar "
            "com isso sozinho.\n"
            "Tudo bem perguntar diretamente se ela está pensando em suicídio: perguntar não coloca a ideia na "
            "cabeça dela, e muitas vezes é um alívio. Escute sem julgar, fique com ela ou mantenha contato, e "
            "ajude-a a falar com uma linha de apoio (vocês podem ligar juntos):\n{bullets}\n"
            "Se ela estiver em perigo imediato ou já tiver se machucado, por favor, {call}.\n"
            "Cuide de você também: essas linhas também apoiam amigos e familiares preocupados. "
            "Sou uma IA, não um profissional, mas estou aqui para ouvir você."
        ),
        "disclosure": (
            "Olá, sou uma IA de apoio emocional, não uma pessoa nem um terapeuta. Não substituo ajuda "
            "profissional nem serviços de emergência. Se você estiver em crise, procure {line}, ou {call} "
            "se estiver em perigo imediato."
        ),
        "method_information": (
            "Não posso compartilhar isso, porque me importo com a sua segurança. Se você está pensando em "
            "se machucar, merece apoio agora: por favor, procure {line}, ou alguém de confiança. "
            "Estou aqui para ouvir."
        ),
        "medication_dosing": (
            "Não posso dar conselhos sobre doses ou mudanças de medicação. O seu médico ou farmacêutico é "
            "a pessoa certa para perguntar, e o mais seguro é não mudar uma dose por conta própria. "
            "Fico feliz em continuar conversando sobre como você está se sentindo."
        ),
        "diagnosis": (
            "Não posso fazer diagnósticos e não gostaria de adivinhar. O que você descreve parece muito "
            "difícil. Um médico ou profissional de saúde mental poderia fazer uma avaliação, se você "
            "quiser. Como isso tem afetado o seu dia a dia?"
        ),
    },
    "hi": {
        "crisis": (
            "Aapne mujhe bataya, iske liye shukriya. Mujhe bahut afsos hai ki aap abhi itni takleef mein "
            "hain. Aap abhi kisi asli insaan se madad ke haqdaar hain.\n"
            "Please inmein se kisi se baat kijiye, ye free hain aur aapke liye hain:\n{bullets}\n"
            "Agar aapko lagta hai ki aap in khayalon par amal kar sakte hain, ya aap khatre mein hain, "
            "to please {call}.\n"
            "Main ek AI hoon, professional madad ki jagah nahi le sakta, lekin main yahan hoon aur aapki "
            "baat sun raha hoon."
        ),
        "immediate_danger": (
            "{now} Aapki zindagi keemti hai, aur aap isi pal madad ke haqdaar hain.\n"
            "Agar ho sake, to har us cheez se door ho jaiye jisse aap khud ko nuksaan pahuncha sakte hain, "
            "ya kisi surakshit jagah chale jaiye, aur paas ke kisi insaan ko bataiye ki kya ho raha hai.\n"
            "Jab aap surakshit hon, to in se bhi baat kar sakte hain:\n{bullets}\n"
            "Main ek AI hoon aur aapke liye call nahi kar sakta, lekin jab tak aap madad tak pahunchte "
            "hain, main aapke saath hoon."
        ),
        "abuse": (
            "Mujhe bahut afsos hai ki aapke saath yeh ho raha hai. Isme aapki koi galti nahi hai, aur aap "
            "surakshit rehne ke haqdaar hain.\n"
            "Agar aap abhi khatre mein hain, to please {call}.\n"
            "Ye log aapki suraksha aur aage ke kadmon mein, gupt roop se, madad karne ke liye trained "
            "hain:\n{bullets}\n"
            "Agar call karna surakshit nahi hai, to inmein se kuch services message ya chat par bhi milti "
            "hain. Main ek AI hoon, counsellor nahi, lekin main aapki baat sunne ke liye yahan hoon."
        ),
        "harm_to_others": (
            "Mujhe batane ke liye shukriya. Lagta hai aap bahut bhaari bojh utha rahe hain, aur kisi ko "
            "chot pahunchne se pehle, aapko abhi madad milni chahiye.\n"
            "Agar aap ya koi aur turant khatre mein hai, to please abhi {call}. Ho sake to us insaan se "
            "doori bana lijiye, aur kisi bhi hathiyar se door rahiye.\n"
            "Aap abhi kisi trained insaan se baat kar sakte hain:\n{bullets}\n"
            "Main ek AI hoon aur us madad ki jagah nahi le sakta, lekin main aapki baat sunne ke liye "
            "yahan hoon."
        ),
        "emergency": (
            "{now} Yeh emergency lag rahi hai, aur us line par log sabse jaldi madad kar sakte hain.\n"
            "Call par bane rahiye: dispatcher aapko batayenge ki madad aane tak kya karna hai. Agar aag, "
            "dhuan ya gas hai, to ho sake to pehle khud aur baaki logon ko bahar nikaliye, aur bahar se call "
            "kijiye. Agar koi paas mein hai, to unse bhi madad maangiye.\n"
            "Main ek AI hoon aur aapke liye call nahi kar sakta, lekin main yahin aapke saath hoon."
        ),
        "concern": (
            "Unka khayal rakhne ke liye shukriya. Aap ise seriously le rahe hain, yeh bahut achhi baat hai, aur "
            "aapko yeh akele nahi sambhalna hai.\n"
            "Unse seedhe poochna theek hai ki kya woh suicide ke baare mein soch rahe hain: poochne se yeh "
            "khayal unke mann mein nahi aata, aur aksar unhe raahat milti hai. Bina judge kiye suniye, unke "
            "saath rahiye ya sampark mein rahiye, aur crisis line tak pahunchne mein unki madad kijiye (aap saath "
            "mein call kar sakte hain):\n{bullets}\n"
            "Agar woh turant khatre mein hain ya unhone khud ko chot pahunchayi hai, to please {call}.\n"
            "Apna bhi khayal rakhiye: yeh lines pareshaan dost aur parivaar walon ki bhi madad karti hain. "
            "Main ek AI hoon, counsellor nahi, lekin main aapki baat sunne ke liye yahan hoon."
        ),
        "disclosure": (
            "Namaste, main emotional support ke liye ek AI hoon, koi insaan ya therapist nahi. Main "
            "professional madad ya emergency services ki jagah nahi le sakta. Agar aap crisis mein hain, "
            "to {line} se sampark kijiye, ya turant khatre mein hon to {call}."
        ),
        "method_information": (
            "Main yeh jaankari nahi de sakta, kyunki mujhe aapki suraksha ki parwah hai. Agar aap khud ko "
            "nuksaan pahunchane ke baare mein soch rahe hain, to aap abhi madad ke haqdaar hain: please "
            "{line} se sampark kijiye, ya kisi bharosemand insaan se baat kijiye. Main sunne ke liye yahan hoon."
        ),
        "medication_dosing": (
            "Main dawai ki dose ya usme badlav ke baare mein salah nahi de sakta. Iske liye aapke doctor "
            "ya pharmacist sahi insaan hain, aur apne aap dose badalna surakshit nahi hai. Aap kaisa "
            "mehsoos kar rahe hain, is par baat karte rehna mujhe achha lagega."
        ),
        "diagnosis": (
            "Main koi diagnosis nahi de sakta, aur andaza bhi nahi lagana chahta. Aap jo bata rahe hain, "
            "woh sach mein mushkil lagta hai. Agar aap chahein, to ek doctor ya mental health professional "
            "theek se assessment kar sakte hain. Yeh aapki rozmarra ki zindagi par kaise asar daal raha hai?"
        ),
    },
}
